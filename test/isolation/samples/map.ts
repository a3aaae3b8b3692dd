/** Route-matrix samples for the network map and map settings. See route-samples.ts for what a sample must do. */
import type { RouteSample } from '../sample-kit.ts';

export const mapSamples: Record<string, RouteSample> = {};
