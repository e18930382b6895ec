import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectNoAxeViolations, openScenarioRun, pageStatus, watchPage } from './run-page-support';

/** Counts alert() calls; any call would mean upstream text ran as script. */
async function countAlerts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    (window as unknown as { __alerts: number }).__alerts = 0;
    window.alert = () => {
      (window as unknown as { __alerts: number }).__alerts += 1;
    };
  });
}

async function expectNothingInjected(page: Page): Promise<void> {
  // No element the upstream tried to inject exists, and no link goes anywhere but this origin or https.
  await expect(page.locator('main script, main iframe, main img[src="x"], main b')).toHaveCount(0);
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  for (const href of hrefs) expect(href).toMatch(/^(\/(?!\/)|https:)/);
  expect(await page.evaluate(() => (window as unknown as { __alerts: number }).__alerts)).toBe(0);
}

async function answerThePrompt(page: Page): Promise<void> {
  const panel = page.getByTestId('interaction-panel');
  await expect(panel).toBeVisible({ timeout: 30_000 });
  // The prompt and its label are upstream text too.
  await expect(panel.getByText('<script>alert("xss")</script>', { exact: false })).toBeVisible();
  await expect(panel.getByRole('textbox', { name: /<img src=x onerror="alert\(1\)"> Answer/ })).toBeVisible();
  await expectNothingInjected(page);
  await panel.getByRole('textbox').fill('blue');
  await panel.getByRole('button', { name: 'Send answer' }).click();
}

test.describe('run page — hostile upstream text', () => {
  test('markup, script and javascript: links in prompts, reasoning, output and files stay inert text', async ({ page }) => {
    // Several axe passes over a full run page: more than the default budget on a busy machine.
    test.setTimeout(90_000);
    const problems = watchPage(page);
    await countAlerts(page);
    await openScenarioRun(page, 'hostile_text', 0.05);
    await answerThePrompt(page);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 30_000 });

    // Output: hostile keys and values are shown as text once expanded.
    await page.getByRole('button', { name: 'Expand all' }).click();
    const output = page.getByRole('list', { name: 'Run output' });
    await expect(output.getByText('<script>key</script>', { exact: true })).toBeVisible();
    await expect(output.getByText('"javascript:alert(document.cookie)"', { exact: true }).first()).toBeVisible();
    await expectNothingInjected(page);

    // Files: hostile names are text; downloads go through Runwatch only.
    await page.getByRole('tab', { name: /Files/ }).click();
    await expect(page.getByText(/^<script>alert\("xss"\)<\/script>/).first()).toBeVisible();
    await page.getByRole('button', { name: 'Extracted data' }).first().click();
    await page.getByRole('tab', { name: /Input/ }).click();
    await expectNothingInjected(page);

    // Screenshot reasoning.
    await page.keyboard.press('Home');
    await expectNothingInjected(page);
    expect(problems.dialogs).toEqual([]);
    expect(problems.errors).toEqual([]);
    await expectNoAxeViolations(page, 'hostile text run');
  });

  test('a hostile error message is shown as text in the error panel', async ({ page }) => {
    const problems = watchPage(page);
    await countAlerts(page);
    await openScenarioRun(page, 'hostile_text_failure', 0.05);
    await answerThePrompt(page);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'failed', { timeout: 30_000 });
    const errors = page.getByRole('region', { name: /What went wrong/ });
    await expect(errors.getByText('<script>alert("xss")</script>', { exact: false }).first()).toBeVisible();
    await expectNothingInjected(page);
    expect(problems.dialogs).toEqual([]);
    expect(problems.errors).toEqual([]);
    await expectNoAxeViolations(page, 'hostile failure');
  });
});
