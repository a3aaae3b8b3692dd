import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withMinimumDuration, type Timing } from './minimum-duration.ts';

/** A clock the work itself advances, and a sleep that records instead of waiting. */
function fakeTiming(): Timing & { at: number; slept: number[] } {
  const t = {
    at: 1000,
    slept: [] as number[],
    now: () => t.at,
    sleep: async (ms: number) => {
      t.slept.push(ms);
      t.at += ms;
    },
  };
  return t;
}

describe('withMinimumDuration', () => {
  it('pads fast work up to the floor and returns its result', async () => {
    const timing = fakeTiming();
    const result = await withMinimumDuration(400, async () => {
      timing.at += 30;
      return 'sent';
    }, timing);
    assert.equal(result, 'sent');
    assert.deepEqual(timing.slept, [370]);
  });

  it('does not pad work slower than the floor', async () => {
    const timing = fakeTiming();
    await withMinimumDuration(400, async () => {
      timing.at += 650;
    }, timing);
    assert.deepEqual(timing.slept, []);
  });

  it('pads failures too, then rethrows', async () => {
    const timing = fakeTiming();
    await assert.rejects(
      withMinimumDuration(400, async () => {
        timing.at += 10;
        throw new Error('smtp down');
      }, timing),
      /smtp down/,
    );
    assert.deepEqual(timing.slept, [390]);
  });
});
