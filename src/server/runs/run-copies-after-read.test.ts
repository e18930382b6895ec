import { afterEach, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/runwatch-harness';

/**
 * A read under one set of includes can learn a status change before the event does (a screenshot
 * image reads the run with other includes than the run page). The event then finds the index
 * already there and ends no window, so the read itself must end the other copies' windows.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

it('ends the window of a run copy under other includes when a read moves the run on', async () => {
  h = await startHarness({ env: { RUNWATCH_EVENTS: 'on', RUNWATCH_EVENTS_INTERVAL_MS: '200' } });
  h.catchUp!.start();
  const run = await h.createRun('fail_source_not_available');
  const page = `/api/runs/${run.id}?include=input,storage,artifacts`;
  const statusOf = async (path: string) => (await h!.request(path)).json<{ run: { status: string } }>().run.status;

  expect(await statusOf(page)).toBe('queued');
  // The catch-up has taken in everything up to now: the page's copy is kept until an event.
  await waitFor(async () => (await h!.events.getRun(run.id))?.status === 'queued');
  await h.advance(10 * 60_000);
  // Another copy of the run reads the failure first and moves the index on.
  expect(await statusOf(`/api/runs/${run.id}`)).toBe('failed');
  await waitFor(async () => (await h!.events.getRun(run.id))?.status === 'failed');
  await waitFor(async () => (await statusOf(page)) === 'failed');
}, 30_000);

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
