import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { safeCell, toCsv } from './csv-export.ts';

test('CSV export quotes what needs quoting and defuses formulas', () => {
  const csv = toCsv(
    [
      { header: 'Name', value: (r: { name: string; n: number }) => r.name },
      { header: 'Amount', value: (r) => r.n },
    ],
    [
      { name: 'Dela Cruz, Juan "JD"', n: -5 },
      { name: '=HYPERLINK("http://x")', n: 3 },
    ],
  );
  const rows = parse(csv) as string[][];
  assert.deepEqual(rows, [
    ['Name', 'Amount'],
    ['Dela Cruz, Juan "JD"', '-5'],
    [`'=HYPERLINK("http://x")`, '3'],
  ]);
  assert.equal(safeCell('-1'), "'-1");
  assert.equal(safeCell(-1), '-1');
});
