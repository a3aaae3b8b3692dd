/**
 * Runs work and answers no sooner than a fixed time after it started, so a response's
 * timing does not reveal which branch ran (e.g. whether an e-mail address has an account).
 * Work that takes longer than the floor is not padded, so the floor should sit well above
 * the slow branch's usual time.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleepFor } from 'node:timers/promises';

export interface Timing {
  now(): number;
  sleep(ms: number): Promise<unknown>;
}

const realTiming: Timing = { now: () => performance.now(), sleep: (ms) => sleepFor(ms) };

export async function withMinimumDuration<T>(floorMs: number, work: () => Promise<T>, timing: Timing = realTiming): Promise<T> {
  const started = timing.now();
  try {
    return await work();
  } finally {
    const remaining = floorMs - (timing.now() - started);
    if (remaining > 0) await timing.sleep(remaining);
  }
}
