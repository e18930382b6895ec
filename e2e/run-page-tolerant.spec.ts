import { expect, test } from './support/fixtures';
import { expectNoAxeViolations, openScenarioRun, pageStatus, watchPage } from './run-page-support';
import { startScenario } from './support/simulator-control';

test.describe('run page — a loose upstream', () => {
  test('an unrecognised status is shown raw, marked, and the run keeps being checked', async ({ page }) => {
    test.setTimeout(90_000);
    const problems = watchPage(page);
    // About 20 minutes in the unrecognised status at full speed: a dozen seconds here.
    await openScenarioRun(page, 'drift_unknown_status', 0.01);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'unrecognised', { timeout: 30_000 });
    await expect(pageStatus(page)).toHaveAttribute('data-upstream-status', 'paused_by_policy');
    const header = page.locator('header', { has: page.getByTestId('run-summary') });
    await expect(header.getByText('paused_by_policy', { exact: true })).toBeVisible();
    await expect(header.getByText(/unrecognised status/)).toBeVisible();
    await expect(page.getByTestId('run-summary')).toContainText('Runwatch does not recognise it');
    await expect(page.getByText(/^Live · updated/)).toBeVisible();
    await expectNoAxeViolations(page, 'unrecognised status');

    // Not final: the page keeps asking, so it sees the run complete.
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 60_000 });
    expect(problems.errors).toEqual([]);
  });

  test('error items without code or type, or with unknown ones and extra fields, are all explained', async ({ page }) => {
    await openScenarioRun(page, 'drift_loose_errors', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'failed', { timeout: 30_000 });
    const errors = page.getByRole('region', { name: /What went wrong/ });
    await expect(errors.getByRole('listitem').filter({ hasText: 'task · no code given' })).toContainText(
      'The upstream gave no error code; explained by its type (task).',
    );
    await expect(errors.getByText('no type given · step_budget_exhausted')).toBeVisible();
    const policy = errors.getByRole('listitem').filter({ hasText: 'compliance · policy_hold_expired' });
    await expect(policy).toContainText('is not in Runwatch’s catalogue');
    await expect(policy.getByTestId('error-extra')).toContainText('hold_8812');
    await expectNoAxeViolations(page, 'loose error items');
  });

  test('sections requested but sent empty say "none captured", and the raw JSON shows what was sent', async ({ page }) => {
    const runId = await openScenarioRun(page, 'drift_null_sections', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 30_000 });
    await expect(page.getByTestId('screenshots-none')).toContainText('None captured');
    await page.getByRole('tab', { name: /Input/ }).click();
    await expect(page.getByTestId('input-none')).toContainText('None captured');
    await page.getByRole('tab', { name: /Files/ }).click();
    await expect(page.getByTestId('files-none')).toContainText('None captured');

    const raw = page.getByRole('region', { name: 'Raw JSON' });
    const rawRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith(`/api/runs/${runId}/raw`)) rawRequests.push(request.url());
    });
    expect(rawRequests).toHaveLength(0);
    await raw.getByRole('button', { name: 'Show raw JSON' }).click();
    await expect(raw.getByTestId('raw-json')).toBeVisible();
    expect(rawRequests).toHaveLength(1);
    await expect(raw.getByRole('list', { name: "The upstream's JSON for this run" })).toContainText(runId);
    await expectNoAxeViolations(page, 'none captured and raw JSON');
  });

  test("a 403 for the organisation's plan is explained as such, not as a rejected key", async ({ page }) => {
    const { id } = await startScenario('drift_forbidden_organization', { timeScale: 0.05 });
    await page.goto(`/runs/${id}`);
    await expect(page.getByText('The organisation’s plan does not allow this').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/Retrying never helps/).first()).toBeVisible();
  });
});
