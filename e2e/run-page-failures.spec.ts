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
      await openScenarioRun(page, failure.scenario, 0.05);
      await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'failed', { timeout: 30_000 });
      await expect(page.getByTestId('run-summary')).toHaveText(new RegExp(`^Failed after .+ — .+\\(${failure.code}\\)\\.$`));
      await expect(page.getByTestId('run-summary')).toHaveText(failure.summary);

      const errors = page.getByRole('region', { name: /What went wrong/ });
      const item = errors.locator(`[data-error-code="${failure.code}"]`);
      await expect(item).toHaveAttribute('data-error-group', failure.group);
      await expect(item.getByTestId('error-group')).toHaveText(failure.badge);
      await expect(item.getByText('Next step')).toBeVisible();
      await expect(errors.getByRole('button', { name: 'Copy upstream request id' })).toBeVisible();
      await expect(page.getByText('Final', { exact: true })).toBeVisible();
      await expectNoAxeViolations(page, `failed run (${failure.scenario})`);
    });
  }
});
