/** Small pieces every plant page shares: capacity bars, status badges, crumbs and the page query reader. */
import type { ComponentChildren } from 'preact';
import { utilisation, type Capacity } from './plant-capacity.ts';
import { firstText } from '../../http/form-values.ts';

/** used/total with a bar, then free and out-of-service counts. */
export function CapacityBar(props: { capacity: Capacity; compact?: boolean }) {
  const c = props.capacity;
  const pct = utilisation(c);
  const level = pct >= 90 ? 'util-full' : pct >= 70 ? 'util-high' : 'util-ok';
  return (
    <span class={`util ${level}`} data-used={c.used} data-total={c.total} data-free={c.free}>
      <span class="util-bar" role="img" aria-label={`${pct}% used`}>
        <span style={`width:${pct}%`}></span>
      </span>
      <span class="util-text">
        {`${c.used}/${c.total} used`}
        {props.compact ? null : ` · ${c.free} free`}
        {c.outOfService > 0 ? ` · ${c.outOfService} out of service` : null}
      </span>
    </span>
  );
}

export function ActiveBadge(props: { active: boolean }) {
  return props.active ? null : <span class="badge badge-inactive">inactive</span>;
}

/** LCP > splitter > NAP links above an item page. */
export function Crumbs(props: { items: { href?: string; label: string }[] }) {
  return (
    <nav class="crumbs" aria-label="Network path">
      <a href="/app/network">Network</a>
      {props.items.map((i) => (
        <>
          {' › '}
          {i.href ? <a href={i.href}>{i.label}</a> : <span>{i.label}</span>}
        </>
      ))}
    </nav>
  );
}

export function Notice(props: { message?: string | undefined }) {
  return props.message ? <p class="notice">{props.message}</p> : null;
}

/** The buttons of an item page: edit, and deactivate or reactivate (network.manage only). */
export function ItemActions(props: { base: string; active: boolean; csrfToken: string; canManage: boolean; what: string; children?: ComponentChildren }) {
  if (!props.canManage) return null;
  return (
    <p class="item-actions">
      <a class="button secondary" href={`${props.base}/edit`}>
        Edit
      </a>{' '}
      <form method="post" action={`${props.base}/${props.active ? 'deactivate' : 'reactivate'}`} class="inline">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <button type="submit" class={props.active ? 'danger' : 'secondary'}>
          {props.active ? `Deactivate ${props.what}` : `Reactivate ${props.what}`}
        </button>
      </form>
      {props.children}
    </p>
  );
}

/** Plant pages read query values with this name; see src/http/form-values.ts. */
export const text = firstText;

/** "true"/"false" from a filter select; anything else is "any". */
export function yesNo(value: unknown): boolean | undefined {
  const t = text(value);
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

export function formatCoordinate(value: number | null): string {
  return value === null ? '' : String(value);
}

/** The named fields of a posted form, as strings (missing ones as ''). */
export function formValues<K extends string>(body: unknown, keys: readonly K[]): Record<K, string> {
  const source = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, text(source[k]) ?? ''])) as Record<K, string>;
}
