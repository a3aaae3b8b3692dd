/** Route-matrix samples for service plans. See route-samples.ts for what a sample must do. */
import type { RouteSample } from '../sample-kit.ts';

export const planSamples: Record<string, RouteSample> = {};
