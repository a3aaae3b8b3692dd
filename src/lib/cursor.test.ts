import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from './errors.ts';
import { decodeCursor, encodeCursor, pageFrom } from './cursor.ts';

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
