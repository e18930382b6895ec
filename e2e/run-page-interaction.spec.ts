import { expect, test } from './support/fixtures';
import { expectNoAxeViolations, openScenarioRun, pageStatus, watchPage } from './run-page-support';

test.describe('run page — interaction', () => {
  test('a wrong MFA code is re-prompted, the right one lets the run finish', async ({ page }) => {
    const problems = watchPage(page);
    const answers: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/interaction')) answers.push(request.url());
    });
    await openScenarioRun(page, 'mfa_wrong_code', 0.1);

    const panel = page.getByTestId('interaction-panel');
    await expect(panel).toBeVisible({ timeout: 30_000 });
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'interaction_required');
    await expect(page).toHaveTitle(/^Needs input · /);
    const code = panel.getByRole('textbox', { name: 'One-time code' });
    await expect(code).toBeFocused();
    await expect(code).toHaveAttribute('inputmode', 'numeric');
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await expectNoAxeViolations(page, 'MFA prompt');

    // First code: the simulator always rejects it. Enter twice must still send one answer.
    await code.fill('123456');
    await code.press('Enter');
    await code.press('Enter').catch(() => undefined);
    await expect(panel.getByText('The code was rejected')).toBeVisible({ timeout: 30_000 });
    expect(answers).toHaveLength(1);

    // A fresh prompt: the form is empty and focused again.
    const retry = panel.getByRole('textbox', { name: 'One-time code' });
    await expect(retry).toHaveValue('');
    await retry.fill('654321');
    await panel.getByRole('button', { name: 'Send answer' }).click();
    expect(answers).toHaveLength(2);

    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 40_000 });
    await expect(page.getByTestId('interaction-panel')).toHaveCount(0);
    await expect(page.getByTestId('run-summary')).toContainText('Completed');
    expect(problems.errors).toEqual([]);
  });
});
