/**
 * Shared by the browser tests: Debian's chromium driven by playwright-core against a test app
 * listening on a local port, and the sign-up every walk-through starts with. The tests skip
 * when /usr/bin/chromium is not installed (CI installs it).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.ts';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const haveChromium = fs.existsSync(CHROMIUM);
export const NO_CHROMIUM = `no chromium at ${CHROMIUM}: install it (apt-get install chromium) to run the browser test`;

export interface BrowserRun {
  t: TestApp;
  browser: Browser;
  /** http://127.0.0.1:<port> of the listening app. */
  base: string;
  close(): Promise<void>;
}

/** A listening test app and a browser, or undefined without chromium. */
export async function startBrowserRun(): Promise<BrowserRun | undefined> {
  if (!haveChromium) return undefined;
  const t = await createTestApp();
  try {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    return {
      t,
      browser,
      base,
      async close() {
        await browser.close();
        await t.close();
      },
    };
  } catch (err) {
    await t.close();
    throw err;
  }
}

export interface CompanySignUp {
  companyName: string;
  ownerName: string;
  email: string;
}

/** Fills the labelled sign-up form and lands on /app showing the company and owner names. */
export async function signUpInBrowser(page: Page, base: string, company: CompanySignUp): Promise<void> {
  await page.goto(`${base}/signup`);
  await page.getByLabel('Company name').fill(company.companyName);
  await page.getByLabel('Your name').fill(company.ownerName);
  await page.getByLabel('Email').fill(company.email);
  await page.getByLabel('Password').fill('correct horse battery');
  await Promise.all([page.waitForURL(`${base}/app`), page.getByRole('button', { name: 'Create company' }).click()]);
  assert.equal((await page.getByTestId('company-name').textContent())?.trim(), company.companyName);
  assert.equal((await page.getByTestId('user-name').textContent())?.trim(), company.ownerName);
}
