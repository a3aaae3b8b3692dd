/**
 * A real browser (Debian's chromium driven by playwright-core) against the app listening on a
 * local port: two companies sign up through the labelled form, and the second one finds
 * nothing of the first. Skipped when /usr/bin/chromium is not installed (CI installs it).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { NO_CHROMIUM, signUpInBrowser, startBrowserRun, type BrowserRun, type CompanySignUp } from './browser.ts';

describe('sign-up in a browser', () => {
  let run: BrowserRun | undefined;
  let base = '';

  before(async () => {
    run = await startBrowserRun();
    base = run?.base ?? '';
  });
  after(async () => {
    await run?.close();
  });

  const signUp = (page: Page, company: CompanySignUp) => signUpInBrowser(page, base, company);

  it('signs up two companies, and the second sees nothing of the first', async (s) => {
    if (!run) {
      s.skip(NO_CHROMIUM);
      return;
    }
    const context = await run.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    // Company A signs up and makes a custom role, which gives it a page with an id in its URL.
    await signUp(page, { companyName: 'Alpha Wireless', ownerName: 'Ana Alpha', email: 'ana@alpha.test' });
    await page.goto(`${base}/app/roles/new`);
    await page.getByLabel('Name').fill('Alpha Field Crew');
    await page.getByLabel('See the team').check();
    await Promise.all([page.waitForURL(/\/app\/roles(\?|$)/), page.getByRole('button', { name: 'Create role' }).click()]);
    const editHref = await page.locator('a[href^="/app/roles/"][href$="/edit"]').first().getAttribute('href');
    assert.ok(editHref, 'the new role has an edit link');
    const me = (await (await page.request.get(`${base}/api/v1/me`)).json()) as { actor: { id: string } };
    const aUrls = [editHref, `/api/v1/roles/${editHref.split('/')[3]}`, `/api/v1/users/${me.actor.id}`];
    for (const url of aUrls) assert.equal((await page.goto(`${base}${url}`))?.status(), 200, `A opens its own ${url}`);

    // Sign out through the navigation.
    await page.goto(`${base}/app`);
    await Promise.all([page.waitForURL(/\/login/), page.getByRole('button', { name: 'Sign out' }).click()]);
    assert.equal((await page.goto(`${base}/app`))?.url().startsWith(`${base}/login`), true, 'signed out: /app sends to sign-in');

    // Company B signs up in the same browser.
    await signUp(page, { companyName: 'Beta Broadband', ownerName: 'Ben Beta', email: 'ben@beta.test' });
    const team = await page.goto(`${base}/app/team`);
    assert.equal(team?.status(), 200);
    const teamText = (await page.locator('main').textContent()) ?? '';
    assert.match(teamText, /Ben Beta/);
    assert.doesNotMatch(teamText, /Ana Alpha|ana@alpha\.test/);
    const roles = (await (await page.goto(`${base}/app/roles`))?.text()) ?? '';
    assert.doesNotMatch(roles, /Alpha Field Crew/);
    for (const url of aUrls) assert.equal((await page.goto(`${base}${url}`))?.status(), 404, `B gets 404 for A's ${url}`);

    assert.deepEqual(errors, [], 'no script errors on the pages');
    await context.close();
  });
});
