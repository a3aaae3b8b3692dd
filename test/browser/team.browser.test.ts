/**
 * A real browser walk through a team's first day: the owner invites a Support colleague, who
 * opens the e-mailed link in a browser of their own, chooses a password and lands on /app
 * without the manager's actions; the owner makes an API key on its page and the key lists
 * both of them, while another company's key finds neither. Skipped without chromium.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { NO_CHROMIUM, signUpInBrowser, startBrowserRun, type BrowserRun } from './browser.ts';

interface ApiUser {
  id: string;
  name: string;
  email: string;
  status: string;
  isOwner: boolean;
  role: { name: string };
}

describe('team and API keys in a browser', () => {
  let run: BrowserRun | undefined;

  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  /** The JSON files the outbox wrote for one tenant, as an operator would find them on disk. */
  function outboxMessages(tenantId: string): { to: string; subject: string; text: string }[] {
    assert.ok(run);
    const folder = path.join(run.t.dataDir, 'outbox', tenantId);
    if (!fs.existsSync(folder)) return [];
    return fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')) as { to: string; subject: string; text: string });
  }

  /** Creates a key on /app/api-keys with the given permissions and reads it off the page. */
  async function createApiKey(page: Page, base: string, name: string, permissions: string[]): Promise<string> {
    await page.goto(`${base}/app/api-keys`);
    await page.getByLabel('Name', { exact: true }).fill(name);
    for (const permission of permissions) await page.getByRole('checkbox', { name: permission }).check();
    await Promise.all([page.waitForURL(`${base}/app/api-keys`), page.getByRole('button', { name: 'Create key' }).click()]);
    const key = (await page.getByTestId('new-api-key').locator('code').textContent())?.trim() ?? '';
    assert.match(key, /^lm_/, 'the new key is shown once, in full');
    return key;
  }

  async function api<T>(base: string, key: string, url: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: res.status, body: (await res.json()) as T };
  }

  it('invites a Support colleague who joins through the e-mailed link, then an API key lists both', async (s) => {
    if (!run) {
      s.skip(NO_CHROMIUM);
      return;
    }
    const { browser, base } = run;
    const errors: string[] = [];

    // The owner signs up and invites a colleague as Support.
    const ownerContext = await browser.newContext();
    const owner = await ownerContext.newPage();
    owner.on('pageerror', (err) => errors.push(err.message));
    await signUpInBrowser(owner, base, { companyName: 'Gamma Fiber', ownerName: 'Gia Gamma', email: 'gia@gamma.test' });
    const me = (await (await owner.request.get(`${base}/api/v1/me`)).json()) as { tenant: { id: string }; actor: { id: string } };
    const tenantId = me.tenant.id;

    await owner.goto(`${base}/app/team`);
    const invite = owner.locator('form[action="/app/team/invite"]');
    await invite.getByLabel('Name', { exact: true }).fill('Sam Support');
    await invite.getByLabel('Email', { exact: true }).fill('sam@gamma.test');
    await invite.getByLabel('Role').selectOption({ label: 'Support' });
    await Promise.all([owner.waitForURL(/\/app\/team/), invite.getByRole('button', { name: 'Send invitation' }).click()]);
    const samRow = owner.locator('[data-testid="team"] tbody tr', { hasText: 'sam@gamma.test' });
    assert.match((await samRow.textContent()) ?? '', /Support[\s\S]*Invited/, 'listed as an invited Support member');

    // The invitation e-mail, read from the outbox folder, carries a one-time link.
    const mails = outboxMessages(tenantId).filter((m) => m.to === 'sam@gamma.test');
    assert.equal(mails.length, 1, 'one invitation e-mail to the invitee');
    const mail = mails[0];
    assert.ok(mail);
    assert.match(mail.subject, /Gamma Fiber/);
    const link = /https?:\/\/\S+\/invite\/accept\?token=\S+/.exec(mail.text)?.[0];
    assert.ok(link, 'the e-mail has an invitation link');
    const acceptUrl = new URL(link);

    // The invitee opens it in a browser of their own (no owner cookies) and chooses a password.
    const samContext = await browser.newContext();
    const sam = await samContext.newPage();
    sam.on('pageerror', (err) => errors.push(err.message));
    await sam.goto(`${base}${acceptUrl.pathname}${acceptUrl.search}`);
    assert.match((await sam.locator('main').textContent()) ?? '', /Sam Support/);
    await sam.getByLabel('New password', { exact: true }).fill('sams own long password');
    await sam.getByLabel('New password again').fill('sams own long password');
    await Promise.all([sam.waitForURL(`${base}/app`), sam.getByRole('button', { name: 'Set password and sign in' }).click()]);
    assert.equal((await sam.getByTestId('user-name').textContent())?.trim(), 'Sam Support');
    assert.equal((await sam.getByTestId('company-name').textContent())?.trim(), 'Gamma Fiber');

    // Support may see the team, but neither invite nor reach roles (no users.manage, roles.manage).
    const nav = sam.locator('header nav');
    assert.equal(await nav.getByRole('link', { name: 'Team' }).count(), 1, 'Team is in the navigation');
    assert.equal(await nav.getByRole('link', { name: 'Roles' }).count(), 0, 'no Roles link');
    assert.equal(await nav.getByRole('link', { name: 'API keys' }).count(), 0, 'no API keys link');
    await sam.goto(`${base}/app/team`);
    assert.match((await sam.locator('[data-testid="team"]').textContent()) ?? '', /Gia Gamma/);
    assert.equal(await sam.locator('form[action="/app/team/invite"]').count(), 0, 'no invite form');
    assert.equal(await sam.getByRole('button', { name: 'Deactivate' }).count(), 0, 'no deactivate buttons');
    assert.equal((await sam.goto(`${base}/app/roles`))?.status(), 403, 'the roles page is forbidden');
    // The link worked once: opening it again does not sign anyone in.
    const again = await (await browser.newContext()).newPage();
    await again.goto(`${base}${acceptUrl.pathname}${acceptUrl.search}`);
    assert.equal(await again.getByRole('button', { name: 'Set password and sign in' }).count(), 0, 'a used invitation offers no form');

    // The owner's team list now shows the colleague as active.
    await owner.goto(`${base}/app/team`);
    assert.match((await samRow.textContent()) ?? '', /Support[\s\S]*Active/);

    // The owner creates an API key allowed to read the team; it lists both people.
    const gammaKey = await createApiKey(owner, base, 'Team sync', ['users.read']);
    const listed = await api<{ items: ApiUser[]; nextCursor: string | null }>(base, gammaKey, '/api/v1/users');
    assert.equal(listed.status, 200);
    const byEmail = new Map(listed.body.items.map((u) => [u.email, u]));
    assert.deepEqual([...byEmail.keys()].sort(), ['gia@gamma.test', 'sam@gamma.test']);
    assert.equal(byEmail.get('gia@gamma.test')?.isOwner, true);
    const samApi = byEmail.get('sam@gamma.test');
    assert.deepEqual(
      { name: samApi?.name, status: samApi?.status, isOwner: samApi?.isOwner, role: samApi?.role.name },
      { name: 'Sam Support', status: 'active', isOwner: false, role: 'Support' },
    );
    const samId = samApi?.id ?? '';
    assert.equal((await api<ApiUser>(base, gammaKey, `/api/v1/users/${samId}`)).status, 200);
    // users.read only: the key cannot invite.
    const forbidden = await fetch(`${base}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gammaKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Nope', email: 'nope@gamma.test', roleId: randomUUID() }),
    });
    assert.equal(forbidden.status, 403);

    // A second company, with a key of its own, finds none of the first company's people.
    const deltaContext = await browser.newContext();
    const delta = await deltaContext.newPage();
    delta.on('pageerror', (err) => errors.push(err.message));
    await signUpInBrowser(delta, base, { companyName: 'Delta Net', ownerName: 'Dee Delta', email: 'dee@delta.test' });
    const deltaKey = await createApiKey(delta, base, 'Delta sync', ['users.read']);
    for (const id of [samId, me.actor.id]) {
      const res = await api<{ status: number }>(base, deltaKey, `/api/v1/users/${id}`);
      assert.equal(res.status, 404, `Delta's key gets 404 for Gamma's user ${id}`);
    }
    const deltaList = await api<{ items: ApiUser[] }>(base, deltaKey, '/api/v1/users');
    assert.deepEqual(
      deltaList.body.items.map((u) => u.email),
      ['dee@delta.test'],
    );

    assert.deepEqual(errors, [], 'no script errors on the pages');
    await Promise.all([ownerContext.close(), samContext.close(), deltaContext.close(), again.context().close()]);
  });
});
