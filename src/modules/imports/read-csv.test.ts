import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CsvSyntaxError, MAX_COLUMNS, readCsv } from './read-csv.ts';

function syntaxError(run: () => unknown): CsvSyntaxError {
  try {
    run();
  } catch (err) {
    if (err instanceof CsvSyntaxError) return err;
    throw err;
  }
  assert.fail('expected a CsvSyntaxError');
}

describe('readCsv limits', () => {
  it(`refuses a header of more than ${MAX_COLUMNS} columns on line 1, before reading the rows`, () => {
    const wide = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`).join(',');
    assert.equal(readCsv(`${wide(MAX_COLUMNS)}\nx\n`).columns.length, MAX_COLUMNS);
    const err = syntaxError(() => readCsv(`${wide(MAX_COLUMNS + 1)}\nx\n`));
    assert.equal(err.line, 1);
    assert.match(err.message, new RegExp(`names ${MAX_COLUMNS + 1} columns; an import file has at most ${MAX_COLUMNS}`));
  });

  it('stops at the first row beyond maxRows and names its line; without a limit every row is read', () => {
    const text = 'external_ref,name\n' + 'r,n\n'.repeat(5);
    assert.equal(readCsv(text).rows.length, 5);
    assert.equal(readCsv(text, { maxRows: 5 }).rows.length, 5);
    const err = syntaxError(() => readCsv(text, { maxRows: 3 }));
    assert.equal(err.line, 5, 'the header is line 1, the fourth row line 5');
    assert.match(err.message, /more than 3 rows; split it into several files/);
  });

  it('turns a file of millions of tiny rows into one problem, stopping at the limit', () => {
    const err = syntaxError(() => readCsv('external_ref\n' + 'x\n'.repeat(2_000_000), { maxRows: 100_000 }));
    assert.match(err.message, /more than 100,000 rows/);
    // The parse stopped at the first row beyond the limit (header + 100,000 rows + 1), not
    // at the end of the two million: the line it names says where it stopped. (No timing:
    // a wall-clock bound failed under CI load.)
    assert.ok(err.line <= 100_002 + 1, `stopped at line ${err.line}`);
  });
});
