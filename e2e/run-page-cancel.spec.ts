import { expect, test } from './support/fixtures';
import { expectNoAxeViolations, openScenarioRun, pageStatus } from './run-page-support';

test.describe('run page — cancel', () => {
  test('canceling asks first, says what it does, then the run ends canceled', async ({ page }) => {
    // Several axe passes over a full run page: more than the default budget on a busy machine.
    test.setTimeout(90_000);
    await openScenarioRun(page, 'long_running', 0.5);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', /queued|running/);

    await page.getByRole('button', { name: 'Cancel run…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this run?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('cannot be resumed');
    // The safe choice has focus, so a stray Enter does not cancel.
    await expect(dialog.getByRole('button', { name: 'Keep running' })).toBeFocused();
    await expectNoAxeViolations(page, 'cancel confirmation');

    await dialog.getByRole('button', { name: 'Keep running' }).click();
    await expect(dialog).toBeHidden();
    await expect(pageStatus(page)).not.toHaveAttribute('data-run-status', /cancel/);

    await page.getByRole('button', { name: 'Cancel run…' }).click();
    await page.getByRole('dialog', { name: 'Cancel this run?' }).getByRole('button', { name: 'Cancel run', exact: true }).click();
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', /canceling|canceled/);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'canceled', { timeout: 30_000 });
    await expect(page.getByTestId('run-summary')).toContainText('Canceled');
    await expect(page.getByRole('button', { name: 'Cancel run…' })).toHaveCount(0);
    await expectNoAxeViolations(page, 'canceled run');
  });
});
