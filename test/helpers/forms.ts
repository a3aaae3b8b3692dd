/** Reading server-rendered forms in route tests: the CSRF token and the cookies set. */
import assert from 'node:assert/strict';

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m?.[1], 'page has a CSRF token');
  return m[1];
}

export function setCookies(res: { headers: Record<string, unknown> }): string[] {
  const set = res.headers['set-cookie'];
  return (Array.isArray(set) ? set : set ? [set] : []) as string[];
}

/** The Cookie header a browser would send back after this response. */
export function cookiesOf(res: { headers: Record<string, unknown> }): string {
  return setCookies(res)
    .map((c) => c.split(';')[0])
    .join('; ');
}
