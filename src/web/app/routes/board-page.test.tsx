import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { BoardCard, BoardResponse } from '@/contract/board';
import { renderRoute, stubFetch } from '@/web/lib/testing/render-route';
import { BoardPage } from './board-page';

const generatedAt = new Date().toISOString();
const minutesAgo = (minutes: number) => new Date(Date.parse(generatedAt) - minutes * 60_000).toISOString();

function card(overrides: Partial<BoardCard>): BoardCard {
  return {
    runId: 'trun_card0001',
    status: 'running',
    upstreamStatus: 'running',
    result: null,
    taskId: 'task_claims',
    sourceId: 'src_portal',
    createdAt: minutesAgo(5),
    updatedAt: minutesAgo(2),
    since: minutesAgo(2),
    stuck: false,
    pinned: false,
    errorCode: null,
    ...overrides,
  };
}

const accountChoice = card({
  runId: 'trun_choose001',
  status: 'interaction_required',
  upstreamStatus: 'interaction_required',
  since: minutesAgo(1),
  expiresAt: new Date(Date.parse(minutesAgo(1)) + 5 * 60_000).toISOString(),
  interaction: {
    promptId: 'prm_1',
    type: 'account_selection',
    message: 'Which account?',
    fields: [
      {
        name: 'account_id',
        type: 'string',
        label: 'Account',
        options: [
          { value: 'ACC-1', label: 'Checking 4821' },
          { value: 'ACC-2', label: 'Savings 0097' },
        ],
      },
    ],
  },
  promptProblem: null,
});
const stuckQueued = card({ runId: 'trun_stuck0001', status: 'queued', upstreamStatus: 'queued', since: minutesAgo(25), stuck: true });

function boardBody(): BoardResponse {
  const group = (cards: BoardCard[]) => ({ cards, total: cards.length });
  return {
    needsYou: group([accountChoice]),
    review: group([]),
    running: group([card({})]),
    queued: group([stuckQueued]),
    justFinished: group([]),
    watched: group([]),
    stuckCount: 1,
    stuckAfterMinutes: { queued: 10, interaction_required: 3, review_required: 30 },
    interactionWindow: { minutes: 5, estimate: true },
    justFinishedMinutes: 5,
    generatedAt,
    stale: false,
  };
}

function serve(role: 'viewer' | 'operator') {
  const posted: Array<{ url: string; body: unknown }> = [];
  const mock = stubFetch((url) => {
    if (url.pathname === '/api/session') return { body: { user: { name: `${role}-person`, role } } };
    if (url.pathname === '/api/watchlist') return { body: { pins: [] } };
    if (url.pathname === '/api/board') return { body: boardBody() };
    return { status: 404, body: { error: { code: 'not_found', message: 'no', requestId: 'r', upstreamRequestId: null } } };
  });
  const original = mock.getMockImplementation()!;
  mock.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    if (init?.method === 'POST') {
      posted.push({ url: url.pathname, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify({ accepted: true, run: null, freshness: null }), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return original(input);
  });
  return posted;
}

describe('BoardPage', () => {
  it('shows what a waiting run asks, an estimated countdown, and answers an account choice as a choice', async () => {
    const posted = serve('operator');
    renderRoute(<BoardPage />);
    const group = await screen.findByTestId('board-group-needs-you');
    const waiting = within(group).getByTestId('board-card');
    expect(within(waiting).getByTestId('prompt-kind')).toHaveTextContent('Account choice');
    expect(within(waiting).getByTestId('prompt-countdown')).toHaveTextContent(/~\d:\d\d left \(estimate\)/);

    await userEvent.click(within(waiting).getByRole('button', { name: 'Answer the prompt of trun_choose001' }));
    await userEvent.click(within(waiting).getByRole('radio', { name: 'Savings 0097' }));
    const send = within(waiting).getByRole('button', { name: 'Send answer' });
    await userEvent.click(send);
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toEqual({ url: '/api/runs/trun_choose001/interaction', body: { promptId: 'prm_1', input: { account_id: 'ACC-2' } } });
    expect(await within(waiting).findByText('Answer sent')).toBeInTheDocument();
  });

  it('flags and counts stuck runs', async () => {
    serve('operator');
    renderRoute(<BoardPage />);
    const queued = await screen.findByTestId('board-group-queued');
    const stuck = within(queued).getByTestId('board-card');
    expect(stuck).toHaveAttribute('data-stuck', 'true');
    expect(within(stuck).getByTestId('stuck-flag')).toHaveTextContent('Stuck');
    expect(screen.getByTestId('stuck-count')).toHaveTextContent('1 stuck');
    expect(within(screen.getByTestId('board-group-running')).getByTestId('board-card')).toHaveAttribute('data-stuck', 'false');
  });

  it('shows a viewer the prompt without an answer form', async () => {
    serve('viewer');
    renderRoute(<BoardPage />);
    const group = await screen.findByTestId('board-group-needs-you');
    await waitFor(() => expect(within(group).getByText('Which account?')).toBeInTheDocument());
    await waitFor(() => expect(within(group).getByText(/An operator can answer this/)).toBeInTheDocument());
    expect(within(group).queryByRole('button', { name: /Answer the prompt/ })).toBeNull();
  });
});
