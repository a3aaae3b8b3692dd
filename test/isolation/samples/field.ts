/** Route-matrix samples for CPE devices, installations and services. See route-samples.ts for what a sample must do. */
import type { RouteSample } from '../sample-kit.ts';

export const fieldSamples: Record<string, RouteSample> = {};
