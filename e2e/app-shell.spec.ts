import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

/** Collects console errors, uncaught exceptions and CSP violations for the whole test. */
function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

async function recordCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
}

async function openRuns(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('table', { name: 'Runs', exact: true }).getByRole('row').nth(1)).toBeVisible();
}

test.describe('app shell', () => {
  test('header, primary navigation and 404', async ({ page }) => {
    await openRuns(page);
    const header = page.getByRole('banner');
    await expect(header.getByRole('link', { name: 'Runwatch' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Primary' });
    await expect(nav.getByRole('link', { name: 'Runs' })).toHaveAttribute('aria-current', 'page');
    await expect(page).toHaveTitle(/^(\(\d+\) )?Runs · Runwatch$/);

    await nav.getByRole('link', { name: 'Lookup' }).click();
    await expect(page).toHaveURL(/\/lookup$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Look up a run' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Lookup' })).toHaveAttribute('aria-current', 'page');

    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('banner')).toBeVisible();
  });

  test('skip link moves keyboard focus to the main content', async ({ page }) => {
    await openRuns(page);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#main')).toBeFocused();
  });

  test('theme toggle applies and persists the choice', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await openRuns(page);
    const html = page.locator('html');
    await expect(html).toHaveClass(/\blight\b/);

    await page.getByRole('radio', { name: 'Dark theme' }).click();
    await expect(html).toHaveClass(/\bdark\b/);
    const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    await page.reload();
    await expect(html).toHaveClass(/\bdark\b/);
    await expect(page.getByRole('radio', { name: 'Dark theme' })).toHaveAttribute('aria-checked', 'true');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(darkBackground);

    await page.getByRole('radio', { name: 'System theme' }).click();
    await expect(html).toHaveClass(/\blight\b/);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(html).toHaveClass(/\bdark\b/);
  });

  test('the header carries the time-zone switch and the choice persists', async ({ page }) => {
    await openRuns(page);
    const zone = page.getByRole('banner').getByRole('radiogroup', { name: 'Time zone' });
    await expect(zone).toBeVisible();
    await zone.getByRole('radio', { name: /^Times in UTC/ }).click();
    await expect(zone.getByRole('radio', { name: /^Times in UTC/ })).toHaveAttribute('aria-checked', 'true');
    await page.reload();
    await expect(
      page
        .getByRole('banner')
        .getByRole('radiogroup', { name: 'Time zone' })
        .getByRole('radio', { name: /^Times in UTC/ }),
    ).toHaveAttribute('aria-checked', 'true');
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`no accessibility violations in ${scheme} mode`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await openRuns(page);
      await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${scheme}\\b`));
      const runs = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      expect(runs.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

      await page.goto('/lookup?q=req_e2eUnknown');
      await expect(page.getByText('No run known for this request ID')).toBeVisible();
      const lookup = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      expect(lookup.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }

  test('no console errors and no CSP violations while browsing', async ({ page }) => {
    const problems = watchForProblems(page);
    await recordCspViolations(page);
    await openRuns(page);
    await page.getByRole('radio', { name: 'Dark theme' }).click();
    await page.getByRole('button', { name: 'Needs a human' }).click();
    await expect(page).toHaveURL(/status=interaction_required%2Creview_required/);
    await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Lookup' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Look up a run' })).toBeVisible();
    await page.getByRole('textbox', { name: /Run ID, request ID/ }).fill('nothing to find here');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toContainText('No run ID or request ID found');
    await page.goto('/');
    await expect(page.getByRole('table', { name: 'Runs', exact: true })).toBeVisible();

    const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  });
});
