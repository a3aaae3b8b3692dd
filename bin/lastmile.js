#!/usr/bin/env node
// The package's command. TypeScript is run through tsx's loader so there is no build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
