import { expect, test } from './support/fixtures';
import { expectNoAxeViolations, openScenarioRun, pageStatus } from './run-page-support';

const CASES = [
  { scenario: 'fail_api_error', group: 'platform', badge: 'Platform error', code: 'api_error', summary: /upstream platform had an internal failure/ },
  { scenario: 'fail_auth_invalid', group: 'request', badge: 'Request error', code: 'auth_invalid', summary: /website rejected the stored credentials/ },
  { scenario: 'fail_source_not_available', group: 'source', badge: 'Website error', code: 'source_not_available', summary: /website was down or unreachable/ },
] as const;

test.describe('run page — failures, one per error group', () => {
  for (const failure of CASES) {
    test(`${failure.scenario} is explained as a ${failure.group} error with a next step`, async ({ page }) => {
      const runId = await openScenarioRun(page, failure.scenario, 0.05);
      await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'failed', { timeout: 30_000 });
      await expect(page.getByTestId('run-summary')).toHaveText(new RegExp(`^Failed after .+ — .+\\(${failure.code}\\)\\.$`));
      await expect(page.getByTestId('run-summary')).toHaveText(failure.summary);

      const errors = page.getByRole('region', { name: /What went wrong/ });
      const item = errors.locator(`[data-error-code="${failure.code}"]`);
      await expect(item).toHaveAttribute('data-error-group', failure.group);
      await expect(item.getByTestId('error-group')).toHaveText(failure.badge);
      await expect(item.getByText('Next step')).toBeVisible();
      // Support quotes the run id, which never changes; the read's request id is named as what it is.
      await expect(errors.getByTestId('support-ids')).toContainText(`Quote the run id ${runId}`);
      await expect(errors.getByRole('button', { name: 'Copy run id for support' })).toBeVisible();
      await expect(errors.getByTestId('support-ids')).not.toContainText('exactly this response');
      await expect(page.getByText('Final', { exact: true })).toBeVisible();
      await expectNoAxeViolations(page, `failed run (${failure.scenario})`);
    });
  }
});

test.describe('run page — task timeout', () => {
  test('the limit the upstream names wins over the default', async ({ page }) => {
    await openScenarioRun(page, 'fail_task_timeout', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'failed', { timeout: 30_000 });
    const item = page.getByRole('region', { name: /What went wrong/ }).locator('[data-error-code="timeout"]');
    const message = await item.locator('blockquote').innerText();
    const named = /(\d+)\s*-?\s*minute/i.exec(message);
    if (named) {
      await expect(item).toContainText(`time limit of ${named[1]} minute`);
      if (named[1] !== '30') await expect(item).not.toContainText('30 minutes');
    } else {
      await expect(item).toContainText('did not name the limit; it is 30 minutes unless the task sets another');
    }
  });
});
