import { runListResponseSchema, timelineResponseSchema, type RunRow } from '../src/contract/bff';
import { expect, test } from './support/fixtures';

/**
 * A run that ran to completion long before Runwatch started (the demo seed plays such runs from
 * their creation, hours ago, so the upstream's event log holds their whole history): its run page
 * shows every status from the event log, with no "not observed" gap.
 */
test.describe('run page — history from the upstream’s event log', () => {
  test('a run finished before Runwatch started shows its full status history with no gap', async ({ page }) => {
    // The oldest finished demo run; the seed created it about a day ago.
    const list = runListResponseSchema.parse(await (await page.request.get('/api/runs?status=completed&limit=100')).json());
    const finished = list.runs.filter((item): item is RunRow => !('unreadable' in item) && item.status === 'completed');
    const oldest = finished.reduce<RunRow | null>((old, run) => (old === null || run.createdAt < old.createdAt ? run : old), null);
    expect(oldest, 'the demo seed has finished runs').not.toBeNull();
    const runId = oldest!.id;
    expect(Date.now() - Date.parse(oldest!.createdAt)).toBeGreaterThan(60 * 60_000);

    // The event back-fill runs in the background after start; wait until it reached this run.
    await expect
      .poll(async () => timelineResponseSchema.parse(await (await page.request.get(`/api/runs/${runId}/timeline`)).json()).historyFrom, {
        timeout: 30_000,
      })
      .toBe('events');

    await page.goto(`/runs/${runId}`);
    await expect(page.getByTestId('run-summary')).toBeVisible();
    const history = page.getByRole('list', { name: 'Status history' });
    await expect(history.getByRole('listitem').first()).toHaveAttribute('data-status', 'queued');
    await expect(history.getByRole('listitem').last()).toHaveAttribute('data-status', 'completed');
    const statuses = await history.getByRole('listitem').evaluateAll((items) => items.map((item) => item.getAttribute('data-status')));
    expect(statuses).toContain('running');
    await expect(history.getByText('From the upstream’s event log').first()).toBeAttached();
    await expect(page.getByTestId('timeline-gap')).toHaveCount(0);
    await expect(page.getByText(/Not observed/)).toHaveCount(0);
  });
});
