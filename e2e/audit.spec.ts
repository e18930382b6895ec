import { expect, test } from './support/fixtures';
import { startScenario } from './support/simulator-control';
import { expectNoAxeViolations } from './run-page-support';

test.describe('audit log', () => {
  test.describe('admin', () => {
    test.use({ signInAs: 'admin' });

    test('lists sign-ins, filters them and exports the same view as CSV', async ({ page }) => {
      await page.goto('/audit');
      await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
      const table = page.getByRole('table', { name: 'Audit log' });
      const adminSignIn = table.locator('tr[data-audit-action="session.signed_in"]', { hasText: 'e2e-admin' });
      await expect(adminSignIn.first()).toBeVisible();
      await expect(adminSignIn.first()).toContainText('accepted');
      await expect(adminSignIn.first()).toContainText('127.0.0.1');
      await expectNoAxeViolations(page, 'audit page');

      await page.getByLabel('Actor').fill('e2e-admin');
      await page.getByLabel('Action').selectOption('session.signed_in');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await expect(page).toHaveURL(/\/audit\?actor=e2e-admin&action=session\.signed_in$/);
      await expect(table.locator('tbody tr').first()).toBeVisible();
      const actors = await table.locator('tbody tr td:nth-child(4)').allTextContents();
      expect(actors.every((text) => text.startsWith('e2e-admin'))).toBe(true);

      const exportLink = page.getByRole('link', { name: 'Export CSV' });
      await expect(exportLink).toHaveAttribute('href', '/api/audit.csv?actor=e2e-admin&action=session.signed_in');
      const csv = await page.request.get((await exportLink.getAttribute('href'))!);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines[0]).toBe('time,action,outcome,actor,actor_role,run_id,subject,address,request_id,upstream_request_id,detail');
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.slice(1).every((line) => line.includes(',session.signed_in,accepted,e2e-admin,admin,'))).toBe(true);
    });
  });

  test.describe('operator', () => {
    test("an answer shows up in the run's actions, without the code", async ({ page }) => {
      const { id } = await startScenario('mfa', { timeScale: 0.02 });
      await page.goto(`/runs/${id}`);
      const panel = page.getByTestId('interaction-panel');
      await expect(panel).toBeVisible({ timeout: 20_000 });
      await panel.getByRole('textbox').first().fill('246810');
      await panel.getByRole('button', { name: 'Send answer' }).click();

      const actions = page.getByRole('list', { name: 'Actions on this run' });
      await expect(actions.getByRole('listitem').first()).toContainText(/^Code submitted by e2e-operator at .+ — accepted$/, { timeout: 15_000 });
      await expect(actions).not.toContainText('246810');
    });

    test('cannot open the audit log', async ({ page }) => {
      await page.goto('/audit');
      await expect(page.getByText('Only admins can see the audit log')).toBeVisible();
      const direct = await page.request.get('/api/audit');
      expect(direct.status()).toBe(403);
    });
  });
});
