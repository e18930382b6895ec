import type { BrowserContext, Page } from '@playwright/test';
import { ensureAccount, withAccountCommands } from './support/account-admin';
import { expect, spaHeaders, test } from './support/fixtures';
import { E2E_BASE_URL } from './support/ports';

/**
 * Ending the session while a runs page is open (signed out in another tab or by a call with the
 * same cookie, or the password reset by an administrator) takes that page to sign-in exactly once,
 * keeping where it was, and then it sends nothing at all.
 */

/** Its own account: resetting a password ends every session of it, which must not hit other specs. */
const ACCOUNT = { name: 'e2e-session-end', password: 'quiet-lantern-Tortoise-318' };
const OPEN_PAGE = '/?status=completed';
const SIGN_IN_URL = `${E2E_BASE_URL}/sign-in?next=${encodeURIComponent(OPEN_PAGE)}`;
/** How long the signed-out page must stay silent. */
const QUIET_MS = 10_000;

test.use({ signInAs: null });
test.setTimeout(60_000);

test.beforeAll(async () => {
  await ensureAccount(ACCOUNT.name, 'operator', ACCOUNT.password);
});

async function signIn(context: BrowserContext, password = ACCOUNT.password): Promise<void> {
  const response = await context.request.post('/api/session', { headers: spaHeaders(), data: { name: ACCOUNT.name, password } });
  expect(response.status(), await response.text()).toBe(200);
}

/** Records the page's requests and main-frame navigations from now on. */
function watchTraffic(page: Page) {
  const requests: string[] = [];
  const navigations: string[] = [];
  page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  return { requests, navigations };
}

async function openRunsPage(page: Page): Promise<void> {
  await page.goto(OPEN_PAGE);
  await expect(page.getByRole('table', { name: 'Runs', exact: true }).locator('tbody tr').first()).toBeVisible();
}

/** One landing on sign-in with `next`, then not one request or navigation for ten seconds. */
async function expectOneLandingThenSilence(page: Page, traffic: ReturnType<typeof watchTraffic>): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in to Runwatch' })).toBeVisible({ timeout: 15_000 });
  expect(page.url()).toBe(SIGN_IN_URL);
  await page.waitForLoadState('networkidle');
  const requestsAtLanding = traffic.requests.length;
  const navigationsAtLanding = traffic.navigations.length;

  await page.waitForTimeout(QUIET_MS);

  expect(traffic.requests.slice(requestsAtLanding), 'requests after landing on sign-in').toEqual([]);
  expect(traffic.navigations.slice(navigationsAtLanding), 'navigations after landing on sign-in').toEqual([]);
  expect(traffic.navigations, 'every navigation since the session ended').toEqual([SIGN_IN_URL]);
  expect(traffic.requests.filter((r) => r.endsWith('/api/session')).length, 'session checks').toBeLessThanOrEqual(1);
  await expect(page.getByRole('heading', { name: 'Sign in to Runwatch' })).toBeVisible();
}

test('signing out in another tab', async ({ context, page }) => {
  await signIn(context);
  await openRunsPage(page);
  const other = await context.newPage();
  await other.goto('/lookup');
  await expect(other.getByRole('heading', { level: 1, name: 'Look up a run' })).toBeVisible();

  const traffic = watchTraffic(page);
  await other.getByRole('group', { name: 'Signed-in user' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(other).toHaveURL(/\/sign-in\?next=%2Flookup$/);

  await expectOneLandingThenSilence(page, traffic);
});

test('a sign-out sent with the same cookie from elsewhere', async ({ context, page, playwright }) => {
  await signIn(context);
  await openRunsPage(page);
  const cookie = (await context.cookies()).find((c) => c.name === 'runwatch_session');
  expect(cookie).toBeDefined();

  const traffic = watchTraffic(page);
  // A separate client, so the browser's own cookie jar is untouched: only the server ends the session.
  const elsewhere = await playwright.request.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { cookie: `runwatch_session=${cookie!.value}` } });
  try {
    const signOut = await elsewhere.delete('/api/session', { headers: spaHeaders() });
    expect(signOut.status()).toBe(200);
  } finally {
    await elsewhere.dispose();
  }

  await expectOneLandingThenSilence(page, traffic);
});

test('an administrator resetting the password', async ({ context, page }) => {
  await signIn(context);
  await openRunsPage(page);

  const traffic = watchTraffic(page);
  const newPassword = 'reset-Marmot-harbour-5521';
  await withAccountCommands((accounts) => accounts.resetPassword(ACCOUNT.name, newPassword));
  try {
    await expectOneLandingThenSilence(page, traffic);
  } finally {
    await withAccountCommands((accounts) => accounts.resetPassword(ACCOUNT.name, ACCOUNT.password));
  }
});
