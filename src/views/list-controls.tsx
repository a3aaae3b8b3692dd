/**
 * Pieces every list page shares: sortable column headers, the "next page" link and the CSV
 * export link. Each keeps the page's current filters in the URL, so a bookmarked or shared
 * link shows the same list, and the export holds exactly the rows the filters select.
 */
import type { ComponentChildren } from 'preact';

export type ListParams = Record<string, string | undefined>;

/** `path?filters` with empty values dropped; `changes` override or remove (undefined) keys. */
export function listUrl(path: string, params: ListParams, changes: ListParams = {}): string {
  const merged: ListParams = { ...params, ...changes };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) if (value !== undefined && value !== '') query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** A column header that sorts by `sort`; clicking the current sort flips its direction. */
export function SortHeader(props: { path: string; params: ListParams; sort: string; label: string; current: string; dir: 'asc' | 'desc' }) {
  const active = props.current === props.sort;
  const nextDir = active && props.dir === 'asc' ? 'desc' : 'asc';
  const arrow = active ? (props.dir === 'asc' ? ' ▲' : ' ▼') : '';
  return (
    <th aria-sort={active ? (props.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={listUrl(props.path, props.params, { sort: props.sort, dir: nextDir, cursor: undefined })}>
        {props.label}
        {arrow}
      </a>
    </th>
  );
}

/** Next-page link (cursor pagination) and the CSV export of everything the filters match. */
export function ListFooter(props: { path: string; params: ListParams; nextCursor: string | null; count: number; children?: ComponentChildren }) {
  return (
    <p class="list-footer">
      <span class="muted">{props.count === 0 ? 'Nothing matches.' : `Showing ${props.count}.`}</span>{' '}
      {props.params.cursor ? <a href={listUrl(props.path, props.params, { cursor: undefined })}>First page</a> : null}{' '}
      {props.nextCursor ? (
        <a href={listUrl(props.path, props.params, { cursor: props.nextCursor })} rel="next">
          Next page →
        </a>
      ) : null}{' '}
      <a href={listUrl(props.path, props.params, { cursor: undefined, format: 'csv' })} download>
        Export CSV
      </a>
      {props.children}
    </p>
  );
}
