import type { Page } from '@playwright/test';
import { expect, spaHeaders, test } from './support/fixtures';
import { startScenario } from './support/simulator-control';
import { E2E_ACCOUNTS, type E2eRole } from './support/test-accounts';
import { expectNoAxeViolations } from './run-page-support';

async function signInThroughForm(page: Page, role: E2eRole): Promise<void> {
  await page.getByLabel('Name').fill(E2E_ACCOUNTS[role].name);
  await page.getByLabel('Password', { exact: true }).fill(E2E_ACCOUNTS[role].password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Starts a run that stops for a one-time code and opens its page once it is waiting. */
async function openWaitingRun(page: Page): Promise<string> {
  const { id } = await startScenario('mfa', { timeScale: 0.02 });
  await page.goto(`/runs/${id}`);
  await expect(page.getByTestId('interaction-panel')).toBeVisible({ timeout: 20_000 });
  return id;
}

function userMenu(page: Page) {
  return page.getByRole('group', { name: 'Signed-in user' });
}

test.describe('signing in', () => {
  test.use({ signInAs: null });

  test('a signed-out visit goes to sign-in and comes back to the page afterwards', async ({ page }) => {
    await page.goto('/runs/trun_doesNotExist123?tab=files');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fruns%2Ftrun_doesNotExist123%3Ftab%3Dfiles$/);
    await expect(page.getByRole('heading', { name: 'Sign in to Runwatch' })).toBeVisible();

    // Password managers need named fields with the right autocomplete hints.
    await expect(page.getByLabel('Name')).toHaveAttribute('autocomplete', 'username');
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('autocomplete', 'current-password');
    // The embedded demo says where its one-time passwords are.
    const demoHint = page.getByTestId('demo-hint');
    await expect(demoHint).toContainText('demo-admin');
    await expect(demoHint).toContainText('printed once, in the terminal running npm start');
    await expect(demoHint).toContainText('npm run users -- reset-password demo-admin --one-time');
    await expectNoAxeViolations(page, 'sign-in page');

    await signInThroughForm(page, 'operator');
    await expect(page).toHaveURL(/\/runs\/trun_doesNotExist123\?tab=files$/);
    await expect(userMenu(page).getByTestId('signed-in-user')).toHaveText('e2e-operator');
    await expect(userMenu(page).getByTestId('signed-in-role')).toHaveText('Operator');
  });

  test('a wrong password and an unknown name get the same answer', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Name').fill('e2e-viewer');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('The name or password is incorrect.');

    await page.getByLabel('Name').fill('nobody-by-this-name');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('The name or password is incorrect.');
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('a crafted next= cannot send the person to another site', async ({ page }) => {
    await page.goto('/sign-in?next=%2F%2Fevil.example%2Fphish');
    await signInThroughForm(page, 'viewer');
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test('signing out ends the session on the server', async ({ page, context }) => {
    await page.goto('/sign-in');
    await signInThroughForm(page, 'viewer');
    await expect(userMenu(page)).toBeVisible();
    const [session] = (await context.cookies()).filter((c) => c.name === 'runwatch_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

    await userMenu(page).getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in$/);

    // Replaying the old cookie (as a copied one would be) does not work either.
    const replay = await page.request.get('/api/session', { headers: { cookie: `runwatch_session=${session!.value}` } });
    expect(replay.status()).toBe(401);
  });
});

test.describe('what each role may do', () => {
  test.describe('viewer', () => {
    test.use({ signInAs: 'viewer' });

    test('sees the prompt read-only and no cancel button, and the API refuses a cancel', async ({ page }) => {
      const runId = await openWaitingRun(page);
      await expect(userMenu(page).getByTestId('signed-in-role')).toHaveText('Viewer');
      const panel = page.getByTestId('interaction-panel');
      await expect(panel.getByText('Your role can view the prompt but not answer it.')).toBeVisible();
      await expect(panel.getByRole('button', { name: 'Send answer' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: /Cancel run/ })).toHaveCount(0);

      // Not even by calling the API directly with the viewer's own session.
      const cancel = await page.request.post(`/api/runs/${runId}/cancel`, { headers: spaHeaders(), data: {} });
      expect(cancel.status()).toBe(403);
      expect((await cancel.json()).error.code).toBe('forbidden');
      const answer = await page.request.post(`/api/runs/${runId}/interaction`, { headers: spaHeaders(), data: { input: { code: '123456' } } });
      expect(answer.status()).toBe(403);
    });
  });

  test.describe('operator', () => {
    test('may answer and cancel', async ({ page }) => {
      await openWaitingRun(page);
      await expect(userMenu(page).getByTestId('signed-in-role')).toHaveText('Operator');
      await expect(page.getByTestId('interaction-panel').getByRole('button', { name: 'Send answer' })).toBeVisible();
      await expect(page.getByRole('button', { name: /Cancel run/ })).toBeVisible();
      await expect(userMenu(page).getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    });
  });

  test.describe('admin', () => {
    test.use({ signInAs: 'admin' });

    test('may do what an operator may, and reach the audit log', async ({ page }) => {
      await openWaitingRun(page);
      await expect(userMenu(page).getByTestId('signed-in-role')).toHaveText('Admin');
      await expect(page.getByRole('button', { name: /Cancel run/ })).toBeVisible();
      await userMenu(page).getByRole('link', { name: 'Audit log' }).click();
      await expect(page).toHaveURL(/\/audit$/);
    });
  });
});
