/** Route-matrix samples for service areas. See route-samples.ts for what a sample must do. */
import type { RouteSample } from '../sample-kit.ts';

export const areaSamples: Record<string, RouteSample> = {};
