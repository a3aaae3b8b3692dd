/**
 * Rules for the map and numbering settings, shared by the settings use case and the pages
 * that need the tile server's origin for their Content-Security-Policy.
 */

export const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/** Same rule as the column CHECK on tenant_settings.account_number_prefix. */
export const ACCOUNT_PREFIX = /^[A-Za-z0-9][A-Za-z0-9/_-]{0,11}$/;

/** Leaflet fills these; any other {name} would make it throw on every tile. */
const PLACEHOLDER = /\{([^}]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set(['z', 'x', 'y', 's', 'r']);
const REQUIRED_PLACEHOLDERS = ['{z}', '{x}', '{y}'];

/**
 * A host name (letters, digits, hyphens, dots), IPv4 or bracketed IPv6 address, with an
 * optional port. URL parsers also accept ; , ! * and more in a host, which in a
 * Content-Security-Policy would end the directive (;) or the whole policy (,).
 */
const PLAIN_HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/i;

/** Why the tile URL template is unusable, or undefined when it is fine. */
export function tileUrlProblem(template: string): string | undefined {
  if (template === '') return 'Tile server URL is required';
  if (template.length > 500) return 'Tile server URL must be at most 500 characters';
  if (/[\s"'<>\\`]/.test(template)) return 'Tile server URL may not contain spaces, quotes or angle brackets';
  const unknown = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((name) => !KNOWN_PLACEHOLDERS.has(name));
  if (unknown.length > 0) return `Unknown placeholder {${unknown[0]}}: use {z}, {x}, {y} and optionally {s} and {r}`;
  if (!REQUIRED_PLACEHOLDERS.every((p) => template.includes(p))) return 'Tile server URL must contain {z}, {x} and {y}, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png';
  const url = sampleUrl(template);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return 'Tile server URL must start with https:// (or http:// for a server on your own network)';
  if (url.username !== '' || url.password !== '') return 'Tile server URL may not contain a user name or password';
  if (!PLAIN_HOST.test(url.host)) return 'Tile server URL must have a plain host name (letters, digits, dots and hyphens) or IP address';
  if (template.includes('{s}') && !wildcardHostOk(template)) {
    return 'A {s} subdomain must be the first label of a host with at least two more, e.g. https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png';
  }
  return undefined;
}

/**
 * {s} stands for a, b, c and becomes `*.` in the CSP, so it must be the whole leftmost label
 * with at least two labels after it: `{s}.com` would allow every .com host to serve images.
 */
function wildcardHostOk(template: string): boolean {
  const url = sampleUrl(template.replace(/\{s\}/g, 'wildcard-subdomain'));
  if (!url) return false;
  const labels = url.hostname.split('.');
  return labels[0] === 'wildcard-subdomain' && labels.length >= 3 && !labels.slice(1).some((l) => l === '' || l.includes('wildcard-subdomain'));
}

/**
 * The origin tiles are fetched from (scheme, host, port), for a CSP source list. A {s}
 * subdomain becomes a wildcard, as Leaflet rotates through a, b and c.
 */
export function tileOrigin(template: string): string | undefined {
  const url = sampleUrl(template.replace(/\{s\}/g, 'wildcard-subdomain'));
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
  // CSP allows a wildcard only as the leftmost label; the rest must be a plain host, so a
  // template saved before the settings rule checked hosts still cannot alter the policy.
  const wild = url.host.startsWith('wildcard-subdomain.');
  const rest = wild ? url.host.slice('wildcard-subdomain.'.length) : url.host;
  if (rest.includes('wildcard-subdomain') || !PLAIN_HOST.test(rest)) return undefined;
  if (wild && !wildcardHostOk(template)) return undefined;
  const host = wild ? `*.${rest}` : rest;
  return `${url.protocol}//${host}`;
}

function sampleUrl(template: string): URL | undefined {
  try {
    return new URL(template.replace(/\{s\}/g, 'a').replace(/\{[zxy]\}/g, '1').replace(/\{r\}/g, ''));
  } catch {
    return undefined;
  }
}
