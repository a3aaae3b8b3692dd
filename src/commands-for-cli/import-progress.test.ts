import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress } from './import-progress.ts';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
}

describe('import progress', () => {
  it('redraws one line with a bar, rows and rate on a terminal, at most every 100 ms, and always the last row', () => {
    let now = 0;
    const { stream, written } = fakeStream(true);
    const progress = createProgress('Importing', stream, () => now);
    now = 1000;
    progress.update(50, 200);
    now = 1050;
    progress.update(60, 200); // too soon: skipped
    now = 2000;
    progress.update(200, 200);
    progress.finish();
    assert.equal(written.length, 3);
    assert.equal(written[0], `\rImporting ${'█'.repeat(7)}${'░'.repeat(21)} 50/200 rows  50 rows/s\u001b[K`);
    assert.equal(written[1], `\rImporting ${'█'.repeat(28)} 200/200 rows  100 rows/s\u001b[K`);
    assert.equal(written[2], '\n');
  });

  it('writes a plain line every 1,000 rows elsewhere, with no control characters', () => {
    let now = 0;
    const { stream, written } = fakeStream(false);
    const progress = createProgress('Checking', stream, () => now);
    for (let done = 1; done <= 2500; done++) {
      now = done * 2;
      progress.update(done, 2500);
    }
    progress.finish();
    assert.deepEqual(written, ['Checking: 1000 of 2500 rows (500 rows/s)\n', 'Checking: 2000 of 2500 rows (500 rows/s)\n']);
  });
});
