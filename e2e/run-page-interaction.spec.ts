import { expect, test } from './support/fixtures';
import { expectNoAxeViolations, openScenarioRun, pageStatus, watchPage } from './run-page-support';

test.describe('run page — interaction', () => {
  test('a wrong MFA code is re-prompted, the right one lets the run finish, and the audit says which was rejected', async ({ page }) => {
    test.setTimeout(120_000);
    const problems = watchPage(page);
    const answers: string[] = [];
    const answerBodies: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/interaction')) {
        answers.push(request.url());
        answerBodies.push(request.postDataJSON());
      }
    });
    await openScenarioRun(page, 'mfa_wrong_code', 0.1);

    const panel = page.getByTestId('interaction-panel');
    await expect(panel).toBeVisible({ timeout: 30_000 });
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'interaction_required');
    await expect(page).toHaveTitle(/^(\(\d+\) )?Needs input · /);
    const code = panel.getByRole('textbox', { name: 'One-time code' });
    await expect(code).toBeFocused();
    await expect(code).toHaveAttribute('inputmode', 'numeric');
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    // The code box's own text-lg wins over the control's base text-sm.
    await expect(code).toHaveCSS('font-size', '18px');
    await expectNoAxeViolations(page, 'MFA prompt');

    // First code: the simulator always rejects it. Enter twice must still send one answer.
    await code.fill('123456');
    await code.press('Enter');
    await code.press('Enter').catch(() => undefined);
    await expect(panel.getByText('The code was rejected')).toBeVisible({ timeout: 30_000 });
    expect(answers).toHaveLength(1);
    const [firstAnswer] = answerBodies;
    expect(firstAnswer).toMatchObject({ input: { code: '123456' } });
    expect(typeof (firstAnswer as { promptId?: unknown }).promptId).toBe('string');

    // A fresh prompt: the form is empty and focused again.
    const retry = panel.getByRole('textbox', { name: 'One-time code' });
    await expect(retry).toHaveValue('');
    await retry.fill('654321');
    await panel.getByRole('button', { name: 'Send answer' }).click();
    expect(answers).toHaveLength(2);

    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 80_000 });
    await expect(page.getByTestId('interaction-panel')).toHaveCount(0);
    await expect(page.getByTestId('run-summary')).toContainText('Completed');

    // A rejected code is audited as rejected, the accepted one as accepted (read afresh).
    await page.reload();
    const actions = page.getByRole('list', { name: 'Actions on this run' });
    await expect(actions.getByRole('listitem')).toHaveCount(2, { timeout: 15_000 });
    await expect(actions.getByRole('listitem').nth(0)).toHaveAttribute('data-audit-outcome', 'rejected');
    await expect(actions.getByRole('listitem').nth(0)).toContainText(/Code submitted by .+ — rejected/);
    await expect(actions.getByRole('listitem').nth(1)).toHaveAttribute('data-audit-outcome', 'accepted');
    expect(problems.errors).toEqual([]);
  });
});

test.describe('run page — prompts from a loose upstream', () => {
  test('fields named __proto__ and constructor can be answered', async ({ page }) => {
    await openScenarioRun(page, 'drift_proto_fields', 0.1);
    const panel = page.getByTestId('interaction-panel');
    await expect(panel).toBeVisible({ timeout: 30_000 });
    await panel.getByRole('textbox', { name: 'Reference A' }).fill('A-1');
    await panel.getByRole('textbox', { name: 'Reference B' }).fill('B-2');
    const posted = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/interaction'));
    await panel.getByRole('button', { name: 'Send answer' }).click();
    const body = (await posted).postDataJSON() as { input: Record<string, string> };
    expect(Object.getOwnPropertyDescriptor(body.input, '__proto__')?.value).toBe('A-1');
    expect(body.input.constructor).toBe('B-2');
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 40_000 });
  });

  test('an answer the upstream accepts with an empty 202 is reported as sent and the run goes on', async ({ page }) => {
    await openScenarioRun(page, 'drift_action_202', 0.1);
    const panel = page.getByTestId('interaction-panel');
    await expect(panel).toBeVisible({ timeout: 30_000 });
    await panel.getByRole('textbox', { name: 'One-time code' }).fill('418302');
    await panel.getByRole('button', { name: 'Send answer' }).click();
    await expect(page.getByText('The answer was not sent')).toHaveCount(0);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 40_000 });
  });
});
