/** Service areas from CSV. A child area names its parent by code or path; the parent may be an earlier row. */
import { createArea } from '../../areas/create-area.ts';
import { idOrProblem } from '../import-lookups.ts';
import { nullable, optional, type Importer, type RowInput } from '../importer.ts';
import { externalRefExists } from './external-ref.ts';

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
