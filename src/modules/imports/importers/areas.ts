/**
 * Service areas from CSV. A child area names its parent by code or path; the parent may be an
 * earlier row. An area staff already made by hand (same name under the same parent) with no
 * external_ref is adopted: it takes the row's external_ref and nothing else about it changes.
 */
import { sql } from 'kysely';
import { auditShape } from '../../areas/area-input.ts';
import { createArea } from '../../areas/create-area.ts';
import { findArea } from '../../areas/areas-repository.ts';
import { cleanText } from '../../../lib/validate.ts';
import { idOrProblem } from '../import-lookups.ts';
import { nullable, optional, type Importer, type RowInput } from '../importer.ts';
import { adoptRecord, externalRefExists } from './external-ref.ts';

/** Where use-case fields land in the file. */
const COLUMNS: Record<string, string> = { externalRef: 'external_ref' };

async function parentId(input: RowInput): Promise<string | null | undefined> {
  const { row, lookups, problems } = input;
  const path = optional(row, 'parent_path');
  const code = optional(row, 'parent_code');
  if (path !== undefined) return idOrProblem(await lookups.areaByPath(path), problems, 'parent_path');
  if (code !== undefined) return idOrProblem(await lookups.areaByCode(code), problems, 'parent_code');
  return null;
}

/**
 * The area of this name under `parentId`, locked so two imports cannot adopt it at once (the
 * second waits, then sees the first one's external_ref).
 */
async function sameNameArea(input: RowInput, parentId: string | null, name: string) {
  const { ctx } = input;
  return ctx.trx
    .selectFrom('service_areas')
    .select(['id', 'external_ref'])
    .where('tenant_id', '=', ctx.tenantId)
    .where(sql<boolean>`parent_id is not distinct from ${parentId}::uuid`)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Adopts a hand-made area (true), or reports the clash when it came from another import.
 * False means the row goes on to createArea, which reports the rest of the row's problems
 * (its own "name taken" is dropped, the column being faulted already) or creates the area.
 */
async function adoptArea(input: RowInput, parentId: string | null, name: string): Promise<boolean> {
  const { ctx, problems } = input;
  const existing = await sameNameArea(input, parentId, name);
  if (!existing) return false;
  if (existing.external_ref !== null) {
    problems.add('name', `An area named "${name}" already exists under this parent with external_ref "${existing.external_ref}"; give this row that external_ref to skip it, or use another name`);
    return false;
  }
  await adoptRecord(ctx, { table: 'service_areas', id: existing.id, externalRef: input.externalRef }, { action: 'area.adopted', entityType: 'service_area', read: () => findArea(ctx.trx, ctx.tenantId, existing.id), shape: auditShape });
  return true;
}

export const areasImporter: Importer = {
  type: 'areas',
  title: 'Service areas',
  permissions: ['areas.manage'],
  columns: [
    { name: 'external_ref', required: true, help: 'Your own unique id for the row (a re-run skips refs already imported)' },
    { name: 'name', required: true, help: 'Area name, unique under its parent' },
    { name: 'code', help: 'Optional short code, unique under its parent' },
    { name: 'kind', help: 'What this level is called: Province, City, Barangay, ...' },
    { name: 'parent_code', help: 'Code of the parent area (empty for a top-level area)' },
    { name: 'parent_path', help: 'Or the parent by names from the top: "Cavite > Imus"' },
  ],
  alreadyImported: (ctx, ref) => externalRefExists(ctx, 'service_areas', ref),
  async importRow(input) {
    const { ctx, row, problems } = input;
    const parent = await parentId(input);
    const name = cleanText(row.values.name);
    if (parent !== undefined && name !== '' && (await adoptArea(input, parent, name))) return 'adopted';
    const columns = { ...COLUMNS, parentId: row.values.parent_path !== undefined && row.values.parent_path !== '' ? 'parent_path' : 'parent_code' };
    await problems.call(columns, () =>
      createArea(ctx, {
        name: row.values.name ?? '',
        code: nullable(row, 'code') ?? null,
        kind: optional(row, 'kind'),
        parentId: parent ?? null,
        externalRef: input.externalRef,
      }),
    );
  },
};
