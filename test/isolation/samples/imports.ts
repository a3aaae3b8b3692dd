/** Route-matrix samples for CSV imports. See route-samples.ts for what a sample must do. */
import type { RouteSample } from '../sample-kit.ts';

export const importSamples: Record<string, RouteSample> = {};
