import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './support/fixtures';
import { startScenario } from './support/simulator-control';

/** Starts a simulator scenario and opens its run page; returns the run id. */
export async function openScenarioRun(page: Page, scenario: string, timeScale = 0.05): Promise<string> {
  const { id } = await startScenario(scenario, { timeScale });
  await page.goto(`/runs/${id}`);
  await expect(page.getByTestId('run-summary')).toBeVisible();
  return id;
}

/** The run's canonical status as the page shows it. */
export function pageStatus(page: Page) {
  return page.locator('[data-run-status]');
}

/** Fails the test on any accessibility violation axe finds on the current page. */
export async function expectNoAxeViolations(page: Page, context: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(' | ')})`,
  );
  expect(summary, `axe violations on ${context}`).toEqual([]);
}

/** Collects uncaught page errors, console errors and dialogs (an alert() would mean injected script ran). */
export function watchPage(page: Page): { errors: string[]; dialogs: string[] } {
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { errors, dialogs };
}
