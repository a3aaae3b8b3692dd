/**
 * The filter form above the LCP, splitter and NAP lists: a search box, one "where" select
 * (area for LCPs, LCP for splitters and NAPs), active and has-free-ports, keeping the sort.
 */
import type { ListParams } from '../../views/list-controls.tsx';

export function PlantListFilters(props: {
  path: string;
  params: ListParams;
  sort: string;
  dir: 'asc' | 'desc';
  searchPlaceholder: string;
  /** The one select between search and the yes/no filters. */
  where: { name: string; label: string; options: { id: string; label: string }[] };
}) {
  const { params, where } = props;
  return (
    <form method="get" action={props.path} class="filters" role="search">
      <div class="field">
        <label for="f-q">Search</label>
        <input id="f-q" name="q" type="search" value={params.q ?? ''} placeholder={props.searchPlaceholder} />
      </div>
      <div class="field">
        <label for={`f-${where.name}`}>{where.label}</label>
        <select id={`f-${where.name}`} name={where.name}>
          <option value="">Any</option>
          {where.options.map((o) => (
            <option value={o.id} selected={params[where.name] === o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <YesNoFilter name="active" label="Active" value={params.active} />
      <YesNoFilter name="hasFree" label="Has free ports" value={params.hasFree} />
      <input type="hidden" name="sort" value={props.sort} />
      <input type="hidden" name="dir" value={props.dir} />
      <div class="field">
        <button type="submit" class="secondary">
          Filter
        </button>
      </div>
    </form>
  );
}

function YesNoFilter(props: { name: string; label: string; value: string | undefined }) {
  return (
    <div class="field">
      <label for={`f-${props.name}`}>{props.label}</label>
      <select id={`f-${props.name}`} name={props.name}>
        <option value="">Any</option>
        <option value="true" selected={props.value === 'true'}>
          Yes
        </option>
        <option value="false" selected={props.value === 'false'}>
          No
        </option>
      </select>
    </div>
  );
}
