import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { makeRun, makeRunList, makeUnreadableRun } from '@/web/lib/testing/make-run';
import { renderRoute, requestedUrls, stubFetch, type FakeResponse } from '@/web/lib/testing/render-route';
import { RunsOverview } from './runs-overview';

const running = makeRun({ id: 'trun_running1', status: 'running' });
const failed = makeRun({ id: 'trun_failed1', status: 'failed', result: 'failure' });
const waiting = makeRun({ id: 'trun_mfa1', status: 'interaction_required' });

function listUrls(mock: ReturnType<typeof stubFetch>) {
  return requestedUrls(mock).filter((u) => u.pathname === '/api/runs');
}

/** Answers the overview's list query and its separate "needs a human" query. */
function answerRuns(list: (url: URL) => FakeResponse) {
  return stubFetch((url) => {
    if (url.searchParams.getAll('status').join(',') === 'interaction_required,review_required' && url.searchParams.get('limit') === '20') {
      return { body: makeRunList([waiting]) };
    }
    return list(url);
  });
}

describe('RunsOverview', () => {
  it('lists runs with status, id link, task, source and result', async () => {
    answerRuns(() => ({ body: makeRunList([running, failed]) }));
    renderRoute(<RunsOverview />);
    const table = await screen.findByRole('table', { name: 'Runs' });
    const row = within(table).getByRole('link', { name: 'trun_failed1' }).closest('tr')!;
    expect(row).toHaveAttribute('data-run-id', 'trun_failed1');
    expect(within(row).getByText('Failed')).toBeInTheDocument();
    // "Failed" already says the result: no second pill.
    expect(within(row).queryByText('Failure')).toBeNull();
    expect(within(row).getByText('src_portal')).toBeInTheDocument();
    expect(within(table).getByRole('link', { name: 'trun_running1' })).toHaveAttribute('href', '/runs/trun_running1');
  });

  it('shows the result next to the status only when it says something the status does not', async () => {
    const doubtful = makeRun({ id: 'trun_doubt1', status: 'completed', result: 'failure' });
    const fine = makeRun({ id: 'trun_fine1', status: 'completed', result: 'success' });
    answerRuns(() => ({ body: makeRunList([doubtful, fine]) }));
    renderRoute(<RunsOverview />);
    const table = await screen.findByRole('table', { name: 'Runs' });
    const doubtRow = within(table).getByRole('link', { name: 'trun_doubt1' }).closest('tr')!;
    expect(within(doubtRow).getByText('Completed')).toBeInTheDocument();
    expect(within(doubtRow).getByText('Failure')).toBeInTheDocument();
    const fineRow = within(table).getByRole('link', { name: 'trun_fine1' }).closest('tr')!;
    expect(within(fineRow).getByText('Completed')).toBeInTheDocument();
    expect(within(fineRow).queryByText('Success')).toBeNull();
  });

  it('names a failed run’s error code and group, and how long a waiting run has waited', async () => {
    const blocked = makeRun({
      id: 'trun_blocked1',
      status: 'failed',
      result: 'failure',
      errors: [{ type: 'source', code: 'blocked', message: '', field: null }],
      errorCount: 1,
    });
    const waitedSince = new Date(Date.now() - 7 * 60_000).toISOString();
    const asking = makeRun({ id: 'trun_wait1', status: 'interaction_required', updatedAt: waitedSince, interaction: { type: 'mfa_code', message: '' } });
    answerRuns(() => ({ body: makeRunList([blocked, asking]) }));
    renderRoute(<RunsOverview describeFailure={(e) => ({ group: e.type === 'source' ? 'Website' : 'Unclassified', meaning: '' })} />);
    const table = await screen.findByRole('table', { name: 'Runs' });
    const failure = within(within(table).getByRole('link', { name: 'trun_blocked1' }).closest('tr')!).getByTestId('run-row-failure');
    expect(failure).toHaveTextContent('blocked');
    expect(failure).toHaveTextContent('Website');
    const waited = within(within(table).getByRole('link', { name: 'trun_wait1' }).closest('tr')!).getByTestId('run-row-waited');
    expect(waited).toHaveTextContent(/Waiting for a person for 7 m/);
  });

  it('previews only the cancelable picked runs, sends exactly those, and shows each result', async () => {
    const done = makeRun({ id: 'trun_done1', status: 'completed', result: 'success' });
    const queued = makeRun({ id: 'trun_queued1', status: 'queued' });
    const fetchMock = stubFetch((url) => {
      if (url.pathname === '/api/runs/bulk-cancel') {
        return {
          body: {
            results: [
              { runId: 'trun_running1', outcome: 'requested', code: null, message: null, status: 'canceling' },
              { runId: 'trun_queued1', outcome: 'failed', code: 'not_cancelable', message: 'the run is completed', status: null },
            ],
          },
        };
      }
      if (url.searchParams.getAll('status').join(',') === 'interaction_required,review_required') return { body: makeRunList([]) };
      return { body: makeRunList([running, done, queued]) };
    });
    const user = userEvent.setup();
    renderRoute(<RunsOverview canCancel />);
    await screen.findByRole('table', { name: 'Runs' });
    for (const id of ['trun_running1', 'trun_done1', 'trun_queued1']) await user.click(screen.getByRole('checkbox', { name: `Select ${id}` }));
    await user.click(screen.getByRole('button', { name: 'Cancel selected…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel 2 runs?' });
    expect(within(dialog).getByText(/1 of the picked runs is already finished/)).toBeInTheDocument();
    expect(within(dialog).queryByText('trun_done1')).toBeNull();
    expect(requestedUrls(fetchMock).some((u) => u.pathname === '/api/runs/bulk-cancel')).toBe(false);

    await user.click(within(dialog).getByRole('button', { name: 'Cancel 2 runs' }));
    await screen.findByText('Cancel requested for 1 run; 1 not canceled (see below).');
    const call = fetchMock.mock.calls.find(([input]) => String(input).endsWith('/api/runs/bulk-cancel'))!;
    expect(JSON.parse(String(((call as unknown[])[1] as RequestInit).body))).toEqual({ runIds: ['trun_running1', 'trun_queued1'] });
    const results = screen.getByRole('list', { name: 'Runs to cancel' });
    expect(within(results).getByText('Cancel requested')).toBeInTheDocument();
    expect(within(results).getByText('Failed (not_cancelable)')).toBeInTheDocument();
  });

  it('offers no selection to someone who may not cancel', async () => {
    answerRuns(() => ({ body: makeRunList([running]) }));
    renderRoute(<RunsOverview />);
    await screen.findByRole('table', { name: 'Runs' });
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByTestId('selection-bar')).toBeNull();
  });

  it('shows error and time filters from a link as chips that clear them', async () => {
    const fetchMock = answerRuns(() => ({ body: makeRunList([failed]) }));
    const user = userEvent.setup();
    renderRoute(<RunsOverview />, { initialEntry: '/?status=failed&error_code=blocked&error_group=source' });
    await screen.findByRole('link', { name: 'trun_failed1' });
    expect(listUrls(fetchMock).at(-1)!.searchParams.get('error_code')).toBe('blocked');
    await user.click(screen.getByRole('button', { name: 'Remove filter: Error code blocked' }));
    await waitFor(() => expect(listUrls(fetchMock).at(-1)!.searchParams.get('error_code')).toBeNull());
    expect(listUrls(fetchMock).at(-1)!.searchParams.get('error_group')).toBe('source');
    expect(screen.getByRole('button', { name: 'Remove filter: Error group Website' })).toBeInTheDocument();
  });

  it('shows an unreadable item as a degraded row with its id and problem, and the other rows as usual', async () => {
    answerRuns(() => ({
      body: makeRunList([running, makeUnreadableRun({ id: 'trun_odd1', upstreamStatus: 'exploded', problem: 'created_at is not a date' }), failed]),
    }));
    renderRoute(<RunsOverview />);
    const table = await screen.findByRole('table', { name: 'Runs' });
    const degraded = within(table).getByRole('link', { name: 'trun_odd1' }).closest('tr')!;
    expect(degraded).toHaveAttribute('data-unreadable', 'true');
    expect(within(degraded).getByText('Unreadable')).toBeInTheDocument();
    expect(within(degraded).getByTestId('unreadable-problem')).toHaveTextContent('created_at is not a date');
    expect(degraded).toHaveTextContent('Upstream status exploded');
    expect(within(table).getByRole('link', { name: 'trun_running1' })).toBeInTheDocument();
    expect(within(table).getByRole('link', { name: 'trun_failed1' })).toBeInTheDocument();
    expect(screen.getByText(/3 runs shown/)).toBeInTheDocument();
  });

  it('shows an unreadable item without an id', async () => {
    answerRuns(() => ({ body: makeRunList([makeUnreadableRun({ id: null, problem: 'the item is not an object' })]) }));
    renderRoute(<RunsOverview />);
    const table = await screen.findByRole('table', { name: 'Runs' });
    expect(within(table).getByText('Run without a readable id')).toBeInTheDocument();
    expect(within(table).getByText(/the item is not an object/)).toBeInTheDocument();
  });

  it('shows a status Runwatch does not know exactly as sent, marked unrecognised', async () => {
    answerRuns(() => ({ body: makeRunList([makeRun({ id: 'trun_new1', status: null, upstreamStatus: 'paused_for_audit' })]) }));
    renderRoute(<RunsOverview />);
    const table = await screen.findByRole('table', { name: 'Runs' });
    const row = within(table).getByRole('link', { name: 'trun_new1' }).closest('tr')!;
    const badge = row.querySelector('[data-status]')!;
    expect(badge).toHaveAttribute('data-status', 'unrecognised');
    expect(badge).toHaveTextContent('paused_for_audit');
    expect(badge).toHaveTextContent('unrecognised status');
    expect(row).not.toHaveAttribute('data-needs-human');
  });

  it('says under the id what a run waits for or why it failed', async () => {
    const asking = makeRun({ id: 'trun_ask1', status: 'interaction_required', interaction: { type: 'mfa_code', message: 'Enter the code sent to ••42' } });
    const broken = makeRun({
      id: 'trun_err1',
      status: 'failed',
      result: 'failure',
      errors: [{ type: null, code: null, message: '', field: null }],
      errorCount: 4,
    });
    answerRuns(() => ({ body: makeRunList([asking, broken]) }));
    renderRoute(<RunsOverview />);
    const table = await screen.findByRole('table', { name: 'Runs' });
    const askRow = within(table).getByRole('link', { name: 'trun_ask1' }).closest('tr')!;
    expect(within(askRow).getByTestId('run-row-note')).toHaveTextContent('Enter the code sent to ••42');
    const errRow = within(table).getByRole('link', { name: 'trun_err1' }).closest('tr')!;
    expect(within(errRow).getByTestId('run-row-note')).toHaveTextContent('An error with no code or message (+3 more)');
  });

  it('puts runs that need a human in their own panel at the top', async () => {
    answerRuns(() => ({ body: makeRunList([running]) }));
    renderRoute(<RunsOverview />);
    const panel = await screen.findByRole('table', { name: 'Runs needing a human' });
    expect(within(panel).getByRole('link', { name: 'trun_mfa1' })).toBeInTheDocument();
  });

  it('turns the URL filters into /api/runs query parameters', async () => {
    const fetchMock = answerRuns(() => ({ body: makeRunList([failed]) }));
    renderRoute(<RunsOverview />, { initialEntry: '/?status=failed&outcome=failure&task_id=task_x1&created=1h' });
    await screen.findByRole('link', { name: 'trun_failed1' });
    const url = listUrls(fetchMock).at(-1)!;
    expect(url.searchParams.getAll('status')).toEqual(['failed']);
    expect(url.searchParams.get('outcome')).toBe('failure');
    expect(url.searchParams.get('task_id')).toBe('task_x1');
    expect(Date.parse(url.searchParams.get('created_after')!)).toBeGreaterThan(Date.now() - 61 * 60 * 1000);
    // With a status filter set, the separate "needs a human" query is not made.
    expect(screen.queryByRole('table', { name: 'Runs needing a human' })).not.toBeInTheDocument();
  });

  it('a status chip updates the page URL and the query', async () => {
    const fetchMock = answerRuns(() => ({ body: makeRunList([running]) }));
    renderRoute(<RunsOverview />);
    await screen.findByRole('table', { name: 'Runs' });
    const chip = screen.getByRole('button', { name: 'Needs a human' });
    await userEvent.click(chip);
    expect(chip).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/?status=interaction_required%2Creview_required'));
    await waitFor(() =>
      expect(
        listUrls(fetchMock).some(
          (u) => u.searchParams.getAll('status').join() === 'interaction_required,review_required' && u.searchParams.get('limit') === '50',
        ),
      ).toBe(true),
    );
  });

  it('applies a task id filter only when it is a valid task id', async () => {
    const fetchMock = answerRuns(() => ({ body: makeRunList([running]) }));
    renderRoute(<RunsOverview />);
    await screen.findByRole('table', { name: 'Runs' });
    const input = screen.getByRole('textbox', { name: 'Task' });
    await userEvent.type(input, 'not-a-task{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Expected an ID like task_abc123');
    expect(listUrls(fetchMock).every((u) => !u.searchParams.has('task_id'))).toBe(true);
    await userEvent.clear(input);
    await userEvent.type(input, 'task_abc{Enter}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/?task_id=task_abc'));
    await waitFor(() => expect(listUrls(fetchMock).some((u) => u.searchParams.get('task_id') === 'task_abc')).toBe(true));
  });

  it('loads the next page with the cursor', async () => {
    const fetchMock = answerRuns((url) =>
      url.searchParams.get('cursor') === 'c2' ? { body: makeRunList([failed]) } : { body: makeRunList([running], { hasMore: true, nextCursor: 'c2' }) },
    );
    renderRoute(<RunsOverview />);
    await userEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'trun_failed1' })).toBeInTheDocument();
    expect(listUrls(fetchMock).some((u) => u.searchParams.get('cursor') === 'c2')).toBe(true);
    expect(screen.getByText(/2 runs shown · end of list/)).toBeInTheDocument();
  });

  it('says when the data is cached because the upstream is down', async () => {
    answerRuns(() => ({
      body: makeRunList([running], { freshness: { stale: true, fetchedAt: new Date(Date.now() - 120_000).toISOString(), ageSeconds: 120 } }),
    }));
    renderRoute(<RunsOverview />);
    expect(await screen.findByText('Showing cached data — upstream unavailable')).toBeInTheDocument();
  });

  it('says why the data is cached when the server says so', async () => {
    answerRuns(() => ({
      body: makeRunList([running], {
        freshness: { stale: true, staleReason: 'upstream_rate_limited', fetchedAt: new Date(Date.now() - 20_000).toISOString(), ageSeconds: 20 },
      }),
    }));
    renderRoute(<RunsOverview />);
    expect(await screen.findByText('Showing cached data — upstream rate-limited us')).toBeInTheDocument();
  });

  it('explains a busy upstream (503) with the retry hint', async () => {
    answerRuns(() => ({
      status: 503,
      headers: { 'retry-after': '5' },
      body: { error: { code: 'upstream_busy', message: 'busy', requestId: 'rw_9', upstreamRequestId: null } },
    }));
    renderRoute(<RunsOverview />);
    expect(await screen.findByText('The Task Run API is busy')).toBeInTheDocument();
    expect(screen.getByText(/try again in about 5 s/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('offers to clear filters when nothing matches', async () => {
    answerRuns(() => ({ body: makeRunList([]) }));
    renderRoute(<RunsOverview />, { initialEntry: '/?status=failed' });
    expect(await screen.findByText('No runs match these filters')).toBeInTheDocument();
    await userEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/));
  });
});

describe('RunsOverview needs-a-human panel', () => {
  it('previews five runs and links to the full filtered list', async () => {
    const many = Array.from({ length: 7 }, (_, i) => makeRun({ id: `trun_wait${i}`, status: 'review_required' }));
    stubFetch((url) => (url.searchParams.get('limit') === '20' ? { body: makeRunList(many) } : { body: makeRunList([running]) }));
    renderRoute(<RunsOverview />);
    const panel = await screen.findByRole('table', { name: 'Runs needing a human' });
    expect(within(panel).getAllByRole('link', { name: /^trun_wait/ })).toHaveLength(5);
    await userEvent.click(screen.getByRole('link', { name: 'Show all runs needing a human' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/?status=interaction_required%2Creview_required'));
  });
});
