import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { measureOverflow } from './support/page-overflow';
import { expectNoAxeViolations, openScenarioRun, pageStatus } from './run-page-support';
import { startScenario } from './support/simulator-control';

/**
 * Every page works on a phone: at 390 px wide nothing makes the page scroll sideways (a wide table
 * may scroll inside its own box). A failure names the elements that reach past the edge.
 */
const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE, isMobile: true, hasTouch: true });
test.setTimeout(90_000);

async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  // Fonts and late data can widen a page after the first paint; judge the settled page.
  await page.evaluate(() => document.fonts.ready);
  const overflow = await measureOverflow(page);
  expect(overflow.viewportWidth, `${what}: viewport`).toBe(PHONE.width);
  expect(overflow.scrollWidth, `${what} overflows: ${overflow.culprits.join(' | ') || 'no single element found'}`).toBeLessThanOrEqual(PHONE.width);
}

/** The element is entirely between the left and right edge of the screen. */
async function expectWithinWidth(locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox();
  expect(box, `${what} is rendered`).not.toBeNull();
  expect(box!.x, `${what} left edge`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} right edge`).toBeLessThanOrEqual(PHONE.width);
}

test.describe('on a phone, signed out', () => {
  test.use({ signInAs: null });

  test('the sign-in page fits', async ({ page }) => {
    await page.goto('/sign-in?next=%2Fruns%2Ftrun_abc123');
    await expect(page.getByRole('heading', { name: 'Sign in to Runwatch' })).toBeVisible();
    await expectNoSidewaysScroll(page, 'sign-in');
  });
});

test.describe('on a phone, as an operator', () => {
  test('the runs list and the header fit, and the key columns stay visible', async ({ page }) => {
    // A row that stretches a table: an unknown status with its marker (and an unreadable item, where
    // the list is read from the upstream's own list).
    await startScenario('drift_unknown_status', { timeScale: 0.05 });
    await startScenario('drift_unreadable_in_list', { timeScale: 0.05 });
    await page.goto('/');
    const table = page.getByRole('table', { name: 'Runs', exact: true });
    const firstRow = table.locator('tbody tr:not([data-unreadable])').first();
    await expect(firstRow).toBeVisible();
    await expect(table.locator('[data-status="unrecognised"]').first()).toBeVisible({ timeout: 30_000 });
    await expectNoSidewaysScroll(page, 'runs list');
    // Every row's status and run cells are within the screen (none pushed into the table's own scroll).
    const cutOff = await table.evaluate((el, width) => {
      return [...el.querySelectorAll('tbody tr')]
        .filter((tr) => [...tr.children].some((td) => getComputedStyle(td).display !== 'none' && td.getBoundingClientRect().right > width))
        .map((tr) => tr.getAttribute('data-run-id') ?? 'unreadable row');
    }, PHONE.width);
    expect(cutOff, 'rows reaching past the screen edge').toEqual([]);

    // Status and run id are in view without scrolling sideways; the rest is stacked under the id.
    await expectWithinWidth(firstRow.locator('[data-status]'), 'status');
    await expectWithinWidth(firstRow.getByRole('link').first(), 'run id');
    await expect(firstRow.getByTestId('run-row-details')).toBeVisible();
    await expectWithinWidth(firstRow.getByTestId('run-row-details'), 'task, time and result');
    const header = page.getByRole('banner');
    for (const [control, what] of [
      [header.getByRole('navigation', { name: 'Primary' }), 'navigation'],
      [header.getByRole('radiogroup', { name: 'Colour theme' }), 'theme toggle'],
      [header.getByRole('radiogroup', { name: 'Time zone' }), 'time zone toggle'],
      [header.getByRole('button', { name: 'Sign out' }), 'sign-out button'],
    ] as const) {
      await expect(control).toBeInViewport();
      await expectWithinWidth(control, what);
    }

    await expectNoAxeViolations(page, 'runs list on a phone');

    await page.getByRole('button', { name: 'Needs a human' }).click();
    await expect(page).toHaveURL(/status=interaction_required%2Creview_required/);
    await expectNoSidewaysScroll(page, 'runs list filtered');
  });

  test('the lookup page fits, empty and with an answer', async ({ page }) => {
    await page.goto('/lookup');
    await expect(page.getByRole('heading', { level: 1, name: 'Look up a run' })).toBeVisible();
    await expectNoSidewaysScroll(page, 'lookup');
    // Stacked above its button, the box keeps a finger-sized height and the full width.
    const box = await page
      .getByRole('main')
      .getByRole('textbox', { name: /Run ID, request ID/ })
      .boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(36);
    expect(box!.width).toBeGreaterThan(PHONE.width / 2);
    await page.goto('/lookup?q=req_e2eUnknown');
    await expect(page.getByText('No run known for this request ID')).toBeVisible();
    await expectNoSidewaysScroll(page, 'lookup with no match');
  });

  test('the not-found page fits', async ({ page }) => {
    await page.goto('/a/page/that/does/not/exist/and/has/a/rather/long/address/to/show');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expectNoSidewaysScroll(page, 'not found');
  });

  test('a run waiting for a code fits, with its prompt', async ({ page }) => {
    await openScenarioRun(page, 'mfa', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'interaction_required', { timeout: 30_000 });
    const panel = page.getByTestId('interaction-panel');
    await expect(panel).toBeVisible();
    await expectNoSidewaysScroll(page, 'run awaiting input');
  });

  for (const { scenario, status } of [
    { scenario: 'long_running', status: 'running' },
    { scenario: 'success', status: 'completed' },
    { scenario: 'fail_auth_invalid', status: 'failed' },
    { scenario: 'review', status: 'review_required' },
    // Very long unbroken strings in the prompt, the reasoning and the file names.
    { scenario: 'hostile_text', status: 'interaction_required' },
  ]) {
    test(`a run ${status} (${scenario}) fits`, async ({ page }) => {
      await openScenarioRun(page, scenario, 0.05);
      await expect(pageStatus(page)).toHaveAttribute('data-run-status', status, { timeout: 30_000 });
      await expectNoSidewaysScroll(page, `run ${scenario}`);
    });
  }
});

test.describe('on a phone, as an admin', () => {
  test.use({ signInAs: 'admin' });

  test('the audit log fits: header, filters and table', async ({ page }) => {
    await page.goto('/audit');
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Audit log' }).locator('tbody tr').first()).toBeVisible();
    await expectNoSidewaysScroll(page, 'audit log');
    await expect(page.getByRole('link', { name: 'Export CSV' })).toBeInViewport();
    await expect(page.getByRole('button', { name: 'Apply filters' })).toBeVisible();
    await expect(page.getByTestId('audit-entry-details').first()).toBeVisible();
    await expectNoAxeViolations(page, 'audit log on a phone');
  });

  test('the header shows who is signed in in full, beside the audit log link', async ({ page }) => {
    await page.goto('/board');
    const name = page.getByRole('banner').getByTestId('signed-in-user');
    await expect(name).toHaveText('e2e-admin');
    // Not cut to "e2…": the menu wraps "Sign out" onto a second line instead of shrinking the name.
    expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await expectWithinWidth(name, 'signed-in name');
    await expectWithinWidth(page.getByRole('banner').getByRole('button', { name: 'Sign out' }), 'sign-out button');
    await expectNoSidewaysScroll(page, 'board');
  });
});
