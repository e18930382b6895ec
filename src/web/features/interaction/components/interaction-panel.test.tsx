import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { RunActionResponse, RunView } from '@/contract/bff';
import { InteractionPanel } from './interaction-panel';

const MFA = {
  promptId: 'prm_1',
  type: 'mfa',
  message: 'We sent a 6-digit code to the phone ending in 42.',
  fields: [{ name: 'code', type: 'string', label: 'One-time code', options: null }],
};

type PanelRun = Pick<RunView, 'id' | 'status' | 'interaction' | 'updatedAt'>;

function response(run: PanelRun): RunActionResponse {
  return {
    accepted: true,
    run: {
      ...run,
      upstreamStatus: run.status ?? 'paused_for_audit',
      result: null,
      taskId: null,
      agentId: null,
      sourceId: null,
      credentialId: null,
      sessionId: null,
      workflowId: null,
      runtimeMs: null,
      createdAt: '2026-03-02T11:00:00Z',
      canceledAt: null,
      output: null,
      errors: [],
      upstreamRequestId: null,
      sectionProblems: [],
    },
    freshness: { stale: false, fetchedAt: '2026-03-02T11:00:00Z', ageSeconds: 0 },
  };
}

/** Holds the run like the page's cache does; `setRun` plays the role of a later poll. */
function Harness({ initial, canOperate, onReady }: { initial: PanelRun; canOperate: boolean; onReady: (set: (run: PanelRun) => void) => void }) {
  const [run, setRun] = useState(initial);
  onReady(setRun);
  return <InteractionPanel run={run} canOperate={canOperate} onAnswered={(fresh) => fresh.run && setRun(fresh.run)} />;
}

function setup(options: { canOperate?: boolean; reply?: () => Promise<Response>; initial?: PanelRun } = {}) {
  const posts: unknown[] = [];
  const fetchFake = vi.fn(async (_url: string, init?: RequestInit) => {
    posts.push(JSON.parse(String(init?.body)));
    if (options.reply) return options.reply();
    return new Response(JSON.stringify(response({ id: 'trun_a1', status: 'running', interaction: null, updatedAt: '2026-03-02T11:01:00Z' })), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchFake);
  let setRun: (run: PanelRun) => void = () => undefined;
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <Harness
        initial={options.initial ?? { id: 'trun_a1', status: 'interaction_required', interaction: MFA, updatedAt: '2026-03-02T11:00:30Z' }}
        canOperate={options.canOperate ?? true}
        onReady={(set) => (setRun = set)}
      />
    </QueryClientProvider>,
  );
  return { posts, fetchFake, setRun: (run: PanelRun) => act(() => setRun(run)) };
}

describe('InteractionPanel', () => {
  it('asks for an MFA code with a numeric one-time-code input that has focus', () => {
    setup();
    expect(screen.getByText(MFA.message)).toBeInTheDocument();
    const input = screen.getByRole('textbox', { name: 'One-time code' });
    expect(input).toHaveAttribute('inputmode', 'numeric');
    expect(input).toHaveAttribute('autocomplete', 'one-time-code');
    expect(input).toHaveFocus();
  });

  it('sends { promptId, input: { code } } exactly once, even when submitted twice', async () => {
    let release: (value: Response) => void = () => undefined;
    const { posts } = setup({ reply: () => new Promise<Response>((resolve) => (release = resolve)) });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'One-time code' }), '418302');
    await user.keyboard('{Enter}');
    expect(screen.getByRole('button', { name: /Sending/ })).toBeDisabled();
    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('button', { name: /Sending/ }));
    expect(posts).toEqual([{ promptId: 'prm_1', input: { code: '418302' } }]);
    await act(async () => {
      release(
        new Response(JSON.stringify(response({ id: 'trun_a1', status: 'running', interaction: null, updatedAt: '2026-03-02T11:01:00Z' })), { status: 200 }),
      );
    });
    expect(await screen.findByText('Answer sent — the run continued')).toBeInTheDocument();
  });

  it('refuses an empty answer without sending it', async () => {
    const { posts } = setup();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Send answer' }));
    expect(screen.getByText('Enter one-time code.')).toBeInTheDocument();
    expect(posts).toHaveLength(0);
  });

  it('detects a fresh prompt after the answer and says the code was rejected', async () => {
    const { setRun } = setup();
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'One-time code' }), '111111');
    await user.keyboard('{Enter}');
    expect(await screen.findByText('Answer sent — the run continued')).toBeInTheDocument();

    setRun({
      id: 'trun_a1',
      status: 'interaction_required',
      interaction: { ...MFA, promptId: 'prm_2', message: 'That code did not work. Enter the new code.' },
      updatedAt: '2026-03-02T11:01:05Z',
    });
    expect(screen.getByRole('alert')).toHaveTextContent('The code was rejected');
    const input = screen.getByRole('textbox', { name: 'One-time code' });
    expect(input).toHaveValue('');
    expect(input).toHaveFocus();
  });

  it('treats a different kind of prompt after the answer as a follow-up question, not a rejection', async () => {
    const { setRun } = setup();
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'One-time code' }), '222222');
    await user.keyboard('{Enter}');
    await screen.findByText('Answer sent — the run continued');
    setRun({
      id: 'trun_a1',
      status: 'interaction_required',
      interaction: {
        promptId: 'prm_3',
        type: 'account_selection',
        message: 'Which account?',
        fields: [
          {
            name: 'account_id',
            type: 'string',
            label: 'Account',
            options: [
              { value: 'a1', label: 'Checking ••42' },
              { value: 'a2', label: 'Savings ••77' },
            ],
          },
        ],
      },
      updatedAt: '2026-03-02T11:01:09Z',
    });
    expect(screen.queryByText('The code was rejected')).not.toBeInTheDocument();
    expect(screen.getByText('Answer accepted — the website has another question')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Checking ••42' })).toBeInTheDocument();
  });

  it('offers a choice list when the field has options', async () => {
    const fetchSetup = setup();
    fetchSetup.setRun({
      id: 'trun_a1',
      status: 'interaction_required',
      interaction: {
        promptId: 'prm_4',
        type: 'account_selection',
        message: 'Pick one',
        fields: [
          {
            name: 'account_id',
            type: 'string',
            label: 'Account',
            options: [
              { value: 'acc_1', label: 'Checking' },
              { value: 'acc_2', label: 'Savings' },
            ],
          },
        ],
      },
      updatedAt: '2026-03-02T11:00:31Z',
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'Savings' }));
    await user.click(screen.getByRole('button', { name: 'Send answer' }));
    expect(fetchSetup.posts).toEqual([{ promptId: 'prm_4', input: { account_id: 'acc_2' } }]);
  });

  it('explains when the run stopped waiting before the answer arrived', async () => {
    setup({
      reply: async () =>
        new Response(
          JSON.stringify({ error: { code: 'not_waiting_for_input', message: 'the run is not waiting for input', requestId: 'rw_1', upstreamRequestId: null } }),
          {
            status: 409,
          },
        ),
    });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'One-time code' }), '1');
    await user.keyboard('{Enter}');
    expect(await screen.findByText(/no longer waiting for this answer/)).toBeInTheDocument();
  });

  it('shows viewers the prompt read-only', () => {
    setup({ canOperate: false });
    expect(screen.getByText(MFA.message)).toBeInTheDocument();
    expect(screen.getByText(/An operator can answer this/)).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send answer' })).not.toBeInTheDocument();
  });

  it('renders and sends fields named __proto__ and constructor like any other', async () => {
    const { posts } = setup({
      initial: {
        id: 'trun_a1',
        status: 'interaction_required',
        updatedAt: '2026-03-02T11:00:30Z',
        interaction: {
          promptId: 'prm_odd',
          type: 'security_question',
          message: 'Two questions',
          fields: [
            { name: '__proto__', type: 'string', label: 'First pet', options: null },
            { name: 'constructor', type: 'string', label: 'Street you grew up on', options: null },
          ],
        },
      },
    });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'First pet' }), 'Rex');
    await user.type(screen.getByRole('textbox', { name: 'Street you grew up on' }), 'Elm');
    await user.click(screen.getByRole('button', { name: 'Send answer' }));
    expect(posts).toHaveLength(1);
    const body = posts[0] as { promptId: string; input: Record<string, unknown> };
    expect(body.promptId).toBe('prm_odd');
    expect(Object.getOwnPropertyNames(body.input).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(body.input, '__proto__')?.value).toBe('Rex');
    expect(Object.getOwnPropertyDescriptor(body.input, 'constructor')?.value).toBe('Elm');
  });

  it('says the answer was sent when the server accepted it without returning the run', async () => {
    setup({
      reply: async () => new Response(JSON.stringify({ accepted: true, run: null, freshness: null }), { status: 200 }),
    });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'One-time code' }), '418302');
    await user.keyboard('{Enter}');
    // The page refetches the run; until then this prompt counts as answered, not as a new one.
    expect(await screen.findByText('Answer sent')).toBeInTheDocument();
    expect(screen.queryByText('The code was rejected')).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  });
});
