/** Pages of /app/imports: upload and history, one import's report, the column reference. */
import type { ImportStatus, ImportType } from '../../db/schema.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatDateTime } from '../../lib/zoned-time.ts';
import { AppPage, CsrfField, FormError } from '../../views/layout.tsx';
import { ListFooter, SortHeader, type ListParams } from '../../views/list-controls.tsx';
import type { ImportFileView } from './import-files-repository.ts';
import { IMPORT_TYPES, IMPORTERS } from './importers.ts';
import { ownValue } from '../../lib/own-value.ts';

export interface Zone {
  timeZone: string;
  locale: string;
}

export const STATUS_LABELS: Record<ImportStatus, string> = { checked: 'Checked', imported: 'Imported', failed: 'Failed, nothing written' };
const SOURCE_LABELS = { upload: 'Upload', api: 'API', cli: 'Command line' } as const;

function Select(props: { label: string; name: string; value: string | undefined; options: { value: string; label: string }[]; placeholder?: string; error?: string | undefined }) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} aria-invalid={props.error ? 'true' : undefined}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={props.value === o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error ? <small class="error">{props.error}</small> : null}
    </div>
  );
}

const TYPE_OPTIONS = IMPORT_TYPES.map((t) => ({ value: t, label: IMPORTERS[t].title }));

export function ImportsPage(props: {
  principal: StaffPrincipal;
  items: ImportFileView[];
  nextCursor: string | null;
  params: ListParams;
  zone: Zone;
  upload: { type?: string | undefined; errors: Record<string, string>; message?: string | undefined };
}) {
  const { params, upload } = props;
  const dir = params.dir === 'asc' ? 'asc' : 'desc';
  return (
    <AppPage title="Import from CSV" principal={props.principal} active="/app/imports">
      <section class="card">
        <h2>Check a file</h2>
        <p class="muted">
          The file is checked first and nothing changes; you then import it with one click. A file goes in whole or not at all, and rows imported before
          (same external_ref) are skipped, so running a file twice is safe.
        </p>
        <FormError message={upload.message} />
        <form method="post" action="/app/imports" enctype="multipart/form-data" class="import-upload">
          <CsrfField token={props.principal.csrfToken} />
          <Select label="What the file holds" name="type" value={upload.type} options={TYPE_OPTIONS} placeholder="Choose…" error={upload.errors.type} />
          <div class={upload.errors.file ? 'field invalid' : 'field'}>
            <label for="f-file">CSV file (UTF-8, up to 5 MB)</label>
            <input id="f-file" name="file" type="file" accept=".csv,text/csv" aria-invalid={upload.errors.file ? 'true' : undefined} />
            {upload.errors.file ? <small class="error">{upload.errors.file}</small> : null}
          </div>
          <div class="field">
            <button type="submit">Check file</button>
          </div>
        </form>
        <ColumnReference />
      </section>

      <h2>Past imports</h2>
      <form method="get" action="/app/imports" class="filters" role="search">
        <Select label="Type" name="type" value={params.type} options={TYPE_OPTIONS} placeholder="Any" />
        <Select label="Status" name="status" value={params.status} options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))} placeholder="Any" />
        <div class="field">
          <button type="submit" class="secondary">
            Filter
          </button>
        </div>
      </form>
      <div class="table-scroll">
        <table data-testid="import-history">
          <thead>
            <tr>
              <SortHeader path="/app/imports" params={params} sort="created" label="When" current="created" dir={dir} />
              <th>Type</th>
              <th>File</th>
              <th>Who</th>
              <th>Status</th>
              <th>Rows</th>
              <th>Created</th>
              <th>Already imported</th>
              <th>Problems</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((f) => (
              <tr data-import-id={f.id}>
                <td>
                  <a href={`/app/imports/${f.id}`}>{formatDateTime(f.createdAt, props.zone.timeZone, props.zone.locale)}</a>
                </td>
                <td>{IMPORTERS[f.type].title}</td>
                <td>
                  {f.fileName || '—'} <span class="muted">({SOURCE_LABELS[f.source]})</span>
                </td>
                <td>{f.importedByLabel || f.actorLabel}</td>
                <td>
                  <span class={`badge import-${f.status}`}>{STATUS_LABELS[f.status]}</span>
                </td>
                <td>{f.rowCount}</td>
                <td>{f.created}</td>
                <td>{f.alreadyImported}</td>
                <td>{f.problemCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ListFooter path="/app/imports" params={params} nextCursor={props.nextCursor} count={props.items.length} />
    </AppPage>
  );
}

/** Every type's columns, folded, with a header-only template to start a file from. */
function ColumnReference() {
  return (
    <div class="import-columns">
      {IMPORT_TYPES.map((type) => {
        const importer = IMPORTERS[type];
        return (
          <details>
            <summary>
              Columns for {importer.title.toLowerCase()} · <a href={`/app/imports/template?type=${type}`}>template</a>
            </summary>
            <table>
              <tbody>
                {importer.columns.map((c) => (
                  <tr>
                    <td>
                      <code>{c.name}</code>
                      {c.required ? ' *' : ''}
                    </td>
                    <td>{c.help}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {importer.oneOf?.map((group) => <p class="muted">Give one of: {group.join(', ')}.</p>)}
          </details>
        );
      })}
      <p class="muted">* required column. Money in major units of your currency (1499.00); dates as YYYY-MM-DD; lists separated by ;.</p>
    </div>
  );
}

const NOTICES: Record<string, string> = {
  imported: 'Imported. Everything in the file is now in Lastmile.',
  failed: 'The import found problems (the data changed since the check) and wrote nothing. See the problems below.',
};

export function ImportReportPage(props: { principal: StaffPrincipal; file: ImportFileView; zone: Zone; notice?: string | undefined }) {
  const { file: f } = props;
  const runnable = f.hasContent && f.status !== 'imported' && f.problemCount === 0;
  const title = `${IMPORTERS[f.type].title}: ${f.fileName || 'import'}`;
  return (
    <AppPage title={title} principal={props.principal} active="/app/imports">
      {ownValue(NOTICES, props.notice) ? <p class={props.notice === 'failed' ? 'alert' : 'notice'}>{ownValue(NOTICES, props.notice)}</p> : null}
      <section class="card">
        <dl>
          <dt>Status</dt>
          <dd data-testid="import-status">{STATUS_LABELS[f.status]}</dd>
          <dt>Uploaded</dt>
          <dd>
            {formatDateTime(f.createdAt, props.zone.timeZone, props.zone.locale)} by {f.actorLabel}
          </dd>
          {f.importedAt ? (
            <>
              <dt>Imported</dt>
              <dd>
                {formatDateTime(f.importedAt, props.zone.timeZone, props.zone.locale)} by {f.importedByLabel}
              </dd>
            </>
          ) : null}
          <dt>Rows</dt>
          <dd data-testid="import-counts">
            {f.rowCount} rows: {f.created} {f.status === 'imported' ? 'created' : 'to create'}, {f.alreadyImported} already imported, {f.problemCount} problems
          </dd>
        </dl>
        {runnable && f.created === 0 ? (
          <p class="notice" data-testid="import-nothing">
            {f.rowCount === 0 ? 'Nothing to import: the file has no rows.' : `Nothing to import: all ${f.alreadyImported} ${f.alreadyImported === 1 ? 'row was' : 'rows were'} imported before.`}
          </p>
        ) : null}
        {runnable && f.created > 0 ? (
          <form method="post" action={`/app/imports/${f.id}/run`}>
            <CsrfField token={props.principal.csrfToken} />
            <button type="submit">
              Import {f.created} {f.created === 1 ? 'row' : 'rows'} now
            </button>
          </form>
        ) : null}
        {f.contentClearedAt && f.status !== 'imported' ? (
          <p class="notice" data-testid="import-content-cleared">
            This file was not imported within 7 days, so it was removed on {formatDateTime(f.contentClearedAt, props.zone.timeZone, props.zone.locale)} to
            protect your subscribers’ data. To import it, upload the file again.
          </p>
        ) : null}
        {f.problemCount > 0 ? <p class="alert">Nothing was imported. Fix these problems in the file and upload it again.</p> : null}
      </section>
      {f.problemCount > 0 ? <ProblemTable file={f} /> : null}
      <p>
        <a href="/app/imports">← All imports</a>
      </p>
    </AppPage>
  );
}

function ProblemTable(props: { file: ImportFileView }) {
  const { file } = props;
  return (
    <>
      <h2>Problems</h2>
      {file.problems.length < file.problemCount ? (
        <p class="muted">
          Showing the first {file.problems.length} of {file.problemCount}. The command line reports all of them.
        </p>
      ) : null}
      <div class="table-scroll">
        <table data-testid="import-problems">
          <thead>
            <tr>
              <th>Line</th>
              <th>Column</th>
              <th>Problem</th>
            </tr>
          </thead>
          <tbody>
            {file.problems.map((p) => (
              <tr>
                <td>{p.line}</td>
                <td>{p.column ? <code>{p.column}</code> : '—'}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function typeTitle(type: ImportType): string {
  return IMPORTERS[type].title;
}
