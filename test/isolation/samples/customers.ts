/** Route-matrix samples for customers (subscribers) and their page. See route-samples.ts for what a sample must do. */
import type { RouteSample } from '../sample-kit.ts';

export const customerSamples: Record<string, RouteSample> = {};
