/**
 * The network tree page: LCP > splitter > NAP > port > customer, each level a <details> with
 * its utilisation bar, so it folds up on a phone and works without JavaScript.
 */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage } from '../../views/layout.tsx';
import type { AreaOption } from '../areas/area-options.ts';
import type { NetworkTree, TreeLcp, TreeNap, TreeSplitter } from './get-network-tree.ts';
import { TREE_PORT_LIMIT } from './get-network-tree.ts';
import { ActiveBadge, CapacityBar } from './plant-widgets.tsx';

export interface TreeFilters {
  lcpId?: string | undefined;
  areaId?: string | undefined;
  activeOnly?: boolean | undefined;
}

export function NetworkTreePage(props: {
  principal: StaffPrincipal;
  tree: NetworkTree;
  filters: TreeFilters;
  lcps: { id: string; code: string; name: string }[];
  areas: AreaOption[];
  canManage: boolean;
}) {
  const { tree, filters } = props;
  // One LCP is small enough to show opened all the way down.
  const open = Boolean(filters.lcpId) || tree.lcps.length === 1;
  return (
    <AppPage title="Network" principal={props.principal} active="/app/network">
      <p class="plant-links">
        <a href="/app/network/lcps">LCPs</a> · <a href="/app/network/splitters">Splitters</a> · <a href="/app/network/naps">NAP boxes</a> · <a href="/app/map">Map</a>
        {props.canManage ? (
          <>
            {' · '}
            <a class="button" href="/app/network/lcps/new">
              Add LCP
            </a>
          </>
        ) : null}
      </p>
      <form method="get" action="/app/network" class="filters">
        <div class="field">
          <label for="f-lcpId">LCP</label>
          <select id="f-lcpId" name="lcpId">
            <option value="">All</option>
            {props.lcps.map((l) => (
              <option value={l.id} selected={filters.lcpId === l.id}>
                {`${l.code} · ${l.name}`}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-areaId">Area</label>
          <select id="f-areaId" name="areaId">
            <option value="">All</option>
            {props.areas.map((a) => (
              <option value={a.id} selected={filters.areaId === a.id}>
                {a.path}
              </option>
            ))}
          </select>
        </div>
        <div class="field checks">
          <label>
            <input type="checkbox" name="activeOnly" value="true" checked={filters.activeOnly} /> Active only
          </label>
        </div>
        <div class="field">
          <button type="submit" class="secondary">
            Show
          </button>
        </div>
      </form>
      <p>
        <strong>Drop ports: </strong>
        <CapacityBar capacity={tree.capacity} />
      </p>
      {tree.portsOmitted ? <p class="notice">{`More than ${TREE_PORT_LIMIT} ports: choose an LCP to see every port and customer.`}</p> : null}
      {tree.lcps.length === 0 ? (
        <p class="muted">{filters.lcpId || filters.areaId ? 'Nothing matches these filters.' : 'No LCPs yet. Start by adding the first LCP (street cabinet).'}</p>
      ) : (
        <ul class="tree" data-testid="network-tree">
          {tree.lcps.map((l) => (
            <LcpNode lcp={l} open={open} />
          ))}
        </ul>
      )}
    </AppPage>
  );
}

function LcpNode(props: { lcp: TreeLcp; open: boolean }) {
  const l = props.lcp;
  return (
    <li data-lcp={l.code}>
      <details open={props.open}>
        <summary>
          <a href={`/app/network/lcps/${l.id}`}>{`LCP ${l.code}`}</a> <span class="muted">{l.name}</span>
          {l.areaName ? <span class="muted">{` · ${l.areaName}`}</span> : null} <ActiveBadge active={l.active} /> <CapacityBar capacity={l.capacity} compact />
        </summary>
        {l.splitters.length === 0 ? <p class="muted tree-empty">No splitters.</p> : null}
        <ul>
          {l.splitters.map((s) => (
            <SplitterNode splitter={s} open={props.open} />
          ))}
        </ul>
      </details>
    </li>
  );
}

function SplitterNode(props: { splitter: TreeSplitter; open: boolean }) {
  const s = props.splitter;
  return (
    <li data-splitter={s.code}>
      <details open={props.open}>
        <summary>
          <a href={`/app/network/splitters/${s.id}`}>{`Splitter ${s.code}`}</a> <span class="muted">{`1:${s.ratio}, feeder port ${s.lcpPort}`}</span> <ActiveBadge active={s.active} />{' '}
          <CapacityBar capacity={s.capacity} compact />
        </summary>
        {s.naps.length === 0 ? <p class="muted tree-empty">No NAPs.</p> : null}
        <ul>
          {s.naps.map((n) => (
            <NapNode nap={n} open={props.open} />
          ))}
        </ul>
      </details>
    </li>
  );
}

function NapNode(props: { nap: TreeNap; open: boolean }) {
  const n = props.nap;
  return (
    <li data-nap={n.code}>
      <details open={props.open}>
        <summary>
          <a href={`/app/network/naps/${n.id}`}>{`NAP ${n.code}`}</a> <span class="muted">{`${n.name ? `${n.name}, ` : ''}splitter port ${n.splitterPort}`}</span> <ActiveBadge active={n.active} />{' '}
          <CapacityBar capacity={n.capacity} compact />
        </summary>
        {n.ports === null ? (
          <p class="tree-empty">
            <a href={`/app/network/naps/${n.id}`}>Open the NAP to see its ports</a>
          </p>
        ) : (
          <ol class="tree-ports">
            {n.ports.map((p) => (
              <li class={`port-${p.status}`} data-port={p.portNumber} data-status={p.status}>
                <span class="port-number">{p.portNumber}</span>{' '}
                {p.status === 'taken' ? (
                  <>
                    <a href={`/app/customers/${p.customerId}`}>{p.accountNumber}</a> <span>{p.customerName}</span>
                    {p.installationStatus !== 'active' ? <span class="badge">{p.installationStatus}</span> : null}
                  </>
                ) : p.status === 'out_of_service' ? (
                  <span class="badge badge-inactive">out of service</span>
                ) : (
                  <span class="muted">free</span>
                )}
              </li>
            ))}
          </ol>
        )}
      </details>
    </li>
  );
}
