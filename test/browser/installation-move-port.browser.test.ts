/**
 * Moving a live installation to another port from its page uses the same cascading picker
 * (LCP > splitter > NAP, then the port grid) as the new-installation form, opened on the
 * installation's own port, which stays selectable. Skipped without chromium.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NO_CHROMIUM, startBrowserRun, type BrowserRun } from './browser.ts';
import { signUpTenant } from '../helpers/app.ts';
import { makeCustomer, makeInstallation, makePlantBranch } from '../helpers/factories.ts';

describe('moving an installation to another port, in a browser', () => {
  let run: BrowserRun | undefined;
  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  it('opens the cascade on the current port and moves through the port grid', async (s) => {
    if (!run) {
      s.skip(NO_CHROMIUM);
      return;
    }
    const a = await signUpTenant(run.t);
    const branch = await makePlantBranch(run.t, a, { napPorts: 4 });
    const customer = await makeCustomer(run.t, a);
    const inst = await makeInstallation(run.t, a, { customerId: customer.id, napPortId: branch.ports[0]!.id, status: 'active' });
    const context = await run.browser.newContext();
    await context.addCookies([{ name: 'lm_session', value: a.cookie, url: run.base }]);
    const page = await context.newPage();
    await page.goto(`${run.base}/app/installations/${inst.id}`);
    const picker = page.getByTestId('port-picker');
    const grid = picker.getByTestId('port-grid');
    await grid.waitFor();
    assert.equal(await picker.locator('select[name="pickerNapId"]').inputValue(), branch.nap.id, 'the cascade opens on the installation’s NAP');
    assert.equal(await grid.locator('[data-port="1"] input').isChecked(), true, 'its own port is chosen and selectable');
    assert.equal(await grid.locator('[data-port="1"] input').isDisabled(), false);
    await grid.locator('[data-port="3"] input').check();
    await Promise.all([page.waitForURL(/notice=port/), picker.locator('xpath=ancestor::form').getByRole('button', { name: 'Move to this port' }).click()]);
    assert.match((await page.locator('dd a[href^="/app/network/naps/"]').textContent()) ?? '', /port 3$/);
    await context.close();
  });
});
