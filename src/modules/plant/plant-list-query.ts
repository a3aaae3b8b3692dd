/**
 * What the LCP, splitter and NAP list pages read from their query string. `params` redraws
 * the filter form, sort headers and next-page link as the user left them; `query` is what the
 * list use case takes, for the page and its CSV export alike.
 */
import { isUuid } from '../../db/tenancy.ts';
import { sortDirection, type SortDirection } from '../../lib/keyset-sort.ts';
import { text, yesNo } from './plant-widgets.tsx';

/** The level above that narrows a list: the area of an LCP, the LCP of a splitter or a NAP. */
type ParentFilter<P extends string> = { [K in P]: string | undefined };

export function readPlantListQuery<S extends string, P extends 'lcpId' | 'areaId'>(
  q: Record<string, unknown>,
  options: { isSort: (value: unknown) => value is S; defaultSort: S; parent: P },
) {
  const sortText = text(q.sort);
  const sort: S = options.isSort(sortText) ? sortText : options.defaultSort;
  const dir: SortDirection = sortDirection(text(q.dir));
  const parentId = text(q[options.parent]);
  // A malformed id would only fail in SQL; it filters nothing instead.
  const parent = { [options.parent]: parentId && isUuid(parentId) ? parentId : undefined } as ParentFilter<P>;
  const search = text(q.q)?.slice(0, 200);
  const active = text(q.active);
  const hasFree = text(q.hasFree);
  return {
    params: { q: search, ...parent, active, hasFree, sort, dir, cursor: text(q.cursor) },
    query: { q: search, ...parent, active: yesNo(active), hasFreePorts: yesNo(hasFree), sort, dir },
  };
}
