/**
 * Small moves the installation walk-through repeats, each done the way a person does it:
 * following a navigation link, picking a select option by the text it shows, submitting a
 * form and waiting for the page it leads to, reading what the page says.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

/** Follows a link in the top navigation and waits for its page. */
export async function openFromNav(page: Page, label: string, path: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(path), page.locator('header nav').getByRole('link', { name: label, exact: true }).click()]);
}

/** Clicks a link or button and waits for the page it leads to (a redirect after a post, or a 422 re-render). */
export async function clickAndWait(page: Page, target: Locator, path: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(path), target.click()]);
}

/** Submits with a button and waits for the response to the form's own post (a 422 stays on the same URL). */
export async function submitExpecting(page: Page, button: Locator, status: number): Promise<void> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'), button.click()]);
  assert.equal(response.status(), status, `the form post answered ${response.status()}`);
  await page.waitForLoadState('domcontentloaded');
}

/**
 * Chooses the option of a select whose visible text contains `text`, as a person reads it
 * ("LCP-01 — 0 free"), without knowing the exact label or the id behind it.
 */
export async function chooseOption(select: Locator, text: string | RegExp): Promise<string> {
  const option = select.locator('option', { hasText: text });
  // The select may still be on its way (an htmx swap of the port picker): wait for the option.
  await option.first().waitFor({ state: 'attached' });
  // htmx wires up swapped-in elements only when the swap settles (20 ms later): a change
  // made before that fires no request, and the next step of the cascade never comes.
  await select.page().waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'));
  assert.equal(await option.count(), 1, `exactly one option reading ${String(text)}`);
  const value = await option.getAttribute('value');
  assert.ok(value, `the option ${String(text)} has a value`);
  await select.selectOption(value);
  return value;
}

/** What a person reads in an element (rendered text, so a term and its value stay apart), on one line. */
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** The green notice a redirect after a successful post shows. */
export async function notice(page: Page): Promise<string> {
  return textOf(page.locator('main p.notice').first());
}

/** The id at the end of the current /app/<thing>/:id URL. */
export function idFromUrl(page: Page): string {
  const match = /\/([0-9a-f-]{36})(?:[/?#]|$)/.exec(new URL(page.url()).pathname + '/');
  assert.ok(match?.[1], `an id in ${page.url()}`);
  return match[1];
}
