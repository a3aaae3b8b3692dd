#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node:test through tsx. Node 20's test runner
// does not expand globs, so the files are listed here. Extra arguments pass through
// (e.g. `npm test -- --test-name-pattern=isolation`). With TEST_DATABASE_URL set, the suite
// runs against that PostgreSQL (each file in a fresh database); otherwise on embedded PGlite.
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', 'data', '.git', 'bench']);

function find(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...find(full));
    else if (entry.name.endsWith('.test.ts') || entry.name.endsWith('.test.tsx')) found.push(relative(root, full));
  }
  return found;
}

const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const flags = args.filter((a) => a.startsWith('--'));
const files = only.length > 0 ? only : [...find(join(root, 'src')), ...find(join(root, 'test'))].sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

// One migrated template per run (a PGlite dump file, or a template database on the server);
// each test file's database starts as a copy of it. See test/helpers/database.ts.
const onServer = Boolean(process.env.TEST_DATABASE_URL);
const template = onServer ? `lastmile_test_template_${process.pid}` : join(tmpdir(), `lastmile-test-template-${process.pid}.tar`);
const templateTool = (command) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/helpers/test-template.ts'), command, template], { cwd: root, stdio: 'inherit', env: process.env });

const built = templateTool('create');
if (built.status !== 0) {
  templateTool('drop');
  console.error('could not build the migrated test template');
  process.exit(1);
}
let result;
try {
  result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...flags, ...files],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', LASTMILE_TEST_TEMPLATE: template } },
  );
} finally {
  templateTool('drop');
}
process.exit(result.status ?? 1);
