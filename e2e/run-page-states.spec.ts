import { expect, test } from './support/fixtures';
import { expectNoAxeViolations, openScenarioRun, pageStatus } from './run-page-support';
import { simulatorControl } from './support/simulator-control';

test.describe('run page — review and encrypted payloads', () => {
  test('a run held for review says so without offering an action, then completes when approved', async ({ page }) => {
    // Two waits of up to 30 s each and an accessibility scan between them: more than the default on a busy machine.
    test.setTimeout(90_000);
    const runId = await openScenarioRun(page, 'review', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'review_required', { timeout: 30_000 });
    await expect(page.getByText('Finished — awaiting review')).toBeVisible();
    await expect(page.getByRole('button', { name: /^(approve|reject)/i })).toHaveCount(0);
    await expectNoAxeViolations(page, 'review required');

    await simulatorControl(`task-runs/${runId}/review`, { decision: 'approve' });
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 30_000 });
    await expect(page.getByText('Finished — awaiting review')).toHaveCount(0);
  });

  test('encrypted output and input are shown as encrypted, not as errors', async ({ page }) => {
    await openScenarioRun(page, 'encrypted_output', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 30_000 });
    await expect(page.getByTestId('encrypted-output')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await page.getByRole('tab', { name: /Input/ }).click();
    await expect(page.getByTestId('encrypted-input')).toBeVisible();
    await expectNoAxeViolations(page, 'encrypted payloads');
  });
});

test.describe('run page — viewer', () => {
  test.use({ signInAs: 'viewer' });

  test('a viewer sees the prompt read-only and cannot cancel', async ({ page }) => {
    await openScenarioRun(page, 'mfa', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'interaction_required', { timeout: 30_000 });
    const panel = page.getByTestId('interaction-panel');
    await expect(panel.getByText(/An operator can answer this/)).toBeVisible();
    await expect(panel.getByRole('textbox')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Cancel run…' })).toHaveCount(0);
    await expectNoAxeViolations(page, 'viewer prompt');
  });
});
