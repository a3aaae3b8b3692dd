/**
 * A real browser (Debian's chromium driven by playwright-core) against the app listening on a
 * local port: two companies sign up through the labelled form, and the second one finds
 * nothing of the first. Skipped when /usr/bin/chromium is not installed (CI installs it).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const haveChromium = fs.existsSync(CHROMIUM);

describe('sign-up in a browser', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let base = '';

  before(async () => {
    if (!haveChromium) return;
    t = await createTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signUp(page: Page, company: { companyName: string; ownerName: string; email: string }): Promise<void> {
    await page.goto(`${base}/signup`);
    await page.getByLabel('Company name').fill(company.companyName);
    await page.getByLabel('Your name').fill(company.ownerName);
    await page.getByLabel('Email').fill(company.email);
    await page.getByLabel('Password').fill('correct horse battery');
    await Promise.all([page.waitForURL(`${base}/app`), page.getByRole('button', { name: 'Create company' }).click()]);
    assert.equal((await page.getByTestId('company-name').textContent())?.trim(), company.companyName);
    assert.equal((await page.getByTestId('user-name').textContent())?.trim(), company.ownerName);
  }

  it('signs up two companies, and the second sees nothing of the first', async (s) => {
    if (!browser) {
      s.skip(`no chromium at ${CHROMIUM}: install it (apt-get install chromium) to run the browser test`);
      return;
    }
    const context = await browser.newContext();
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
