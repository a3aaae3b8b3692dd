/** Route-matrix samples for fiber plant: LCPs, splitters, NAPs, ports, network tree. See route-samples.ts for what a sample must do. */
import type { RouteSample } from '../sample-kit.ts';

export const plantSamples: Record<string, RouteSample> = {};
