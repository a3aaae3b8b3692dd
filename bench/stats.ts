/** Latency summaries for the direct-SQL runs (autocannon computes its own). */
export interface Summary {
  count: number;
  perSecond: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
}

export function summarise(latenciesMs: number[], seconds: number): Summary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const total = sorted.reduce((sum, v) => sum + v, 0);
  return {
    count: sorted.length,
    perSecond: sorted.length / seconds,
    meanMs: sorted.length ? total / sorted.length : 0,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
