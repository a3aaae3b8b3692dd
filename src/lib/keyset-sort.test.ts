import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test/helpers/database.ts';
import { pageFrom } from './cursor.ts';
import { afterCursor, decodeSortCursor, sortKeySelection, type SortDirection, type SortKey } from './keyset-sort.ts';

test('keyset pages walk every row once in either direction, with ties', async () => {
  const { db, close } = await createTestDatabase();
  try {
    const keys: Record<string, SortKey> = {
      name: { expr: sql`lower(t.name)`, type: 'text' },
      amount: { expr: sql`t.amount`, type: 'bigint' },
      at: { expr: sql`t.at`, type: 'timestamptz' },
    };
    for (const [name, key] of Object.entries(keys)) {
      for (const dir of ['asc', 'desc'] as SortDirection[]) {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const rows = await db.kysely
            .selectFrom(
              sql<{ id: string; name: string; amount: number; at: Date }>`(select md5(g::text)::uuid as id, 'n' || (g % 7) as name, (g % 5)::bigint as amount,
                timestamptz '2026-01-01 00:00:00.123456+00' + (g % 3) * interval '1 microsecond' as at from generate_series(1, 40) g)`.as('t'),
            )
            .select(['t.id', sortKeySelection(key)])
            .where(afterCursor(key, 't.id', dir, decodeSortCursor(cursor, key)))
            .orderBy(key.expr, dir)
            .orderBy('t.id', dir)
            .limit(7 + 1)
            .execute();
          const page = pageFrom(rows, 7, (r) => [r.sort_key, r.id]);
          seen.push(...page.items.map((r) => r.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        assert.equal(seen.length, 40, `${name} ${dir} count`);
        assert.equal(new Set(seen).size, 40, `${name} ${dir} repeats`);
      }
    }
  } finally {
    await close();
  }
});

test('a forged cursor is a 400, never an SQL error', () => {
  const forged = Buffer.from(JSON.stringify(['not-a-number', '00000000-0000-4000-8000-000000000000'])).toString('base64url');
  assert.throws(() => decodeSortCursor(forged, { expr: sql`1`, type: 'bigint' }), { status: 400 });
  assert.throws(() => decodeSortCursor(forged, { expr: sql`1`, type: 'date' }), { status: 400 });
  assert.ok(decodeSortCursor(forged, { expr: sql`1`, type: 'text' }));
});
