import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from './errors.ts';
import { decodeCursor, encodeCursor, pageFrom } from './cursor.ts';
import { decodeTimeIdCursor, validTimestampFields } from './keyset-cursor.ts';

describe('cursor pagination', () => {
  it('returns a cursor only when there is another page', () => {
    const rows = [1, 2, 3].map((id) => ({ id }));
    const full = pageFrom(rows, 2, (r) => [r.id]);
    assert.deepEqual(full.items, [{ id: 1 }, { id: 2 }]);
    assert.deepEqual(decodeCursor(full.nextCursor ?? undefined, 1), [2]);
    const last = pageFrom(rows.slice(0, 2), 2, (r) => [r.id]);
    assert.equal(last.nextCursor, null);
  });

  it('rejects a tampered cursor with a 400 naming the field', () => {
    assert.throws(
      () => decodeCursor('%%%', 2),
      (e: unknown) => e instanceof AppError && e.status === 400 && e.fields[0]?.field === 'cursor',
    );
    assert.throws(() => decodeCursor(encodeCursor(['a']), 2), AppError);
  });
});

describe('timestamp cursors', () => {
  const forged = (at: string) => encodeCursor([at, '00000000-0000-4000-8000-000000000000']);

  it('reject dates and times PostgreSQL would refuse, with a 400 instead of a database error', () => {
    for (const at of ['2026-13-01 00:00:00+00', '2026-02-29 00:00:00+00', '2026-11-27 24:00:00+00', '0000-01-01 00:00:00+00', '2026-11-27 03:00:00+99']) {
      assert.throws(() => decodeTimeIdCursor(forged(at)), (e: unknown) => e instanceof AppError && e.code === 'invalid_cursor', at);
    }
    assert.deepEqual(decodeTimeIdCursor(forged('2028-02-29 23:59:59.123456+05:30'))?.at, '2028-02-29 23:59:59.123456+05:30');
  });

  it('check the fields of ISO timestamps too', () => {
    assert.equal(validTimestampFields('2026-11-27T03:00:00.123456Z'), true);
    assert.equal(validTimestampFields('2026-04-31T03:00:00.000000Z'), false);
    assert.equal(validTimestampFields('1'), false);
  });
});
