import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boardResponseSchema, watchlistResponseSchema, type BoardCard, type BoardResponse } from '@/contract/board';
import { MAX_PINS_PER_USER } from '../store/user-data-store';
import { startHarness, type Harness } from '../testing/runwatch-harness';
import { expectApiError } from '../testing/api-envelope';

/** Login takes 3 s queued + 11 s in the simulator's mfa scenario; the prompt is up by then. */
const UNTIL_PROMPT_MS = 15_000;
const WAIT = { timeout: 10_000, interval: 100 };

describe('GET /api/board against the simulator, from the run index', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: {
        RUNWATCH_EVENTS: 'on',
        RUNWATCH_EVENTS_INTERVAL_MS: '200',
        // Queued runs are stuck after 0.6 s; the rest keep the default thresholds.
        RUNWATCH_STUCK_AFTER_MINUTES: 'queued=0.01',
        RUNWATCH_INTERACTION_WINDOW_MINUTES: '7',
      },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  async function board(role: 'viewer' | 'operator' = 'operator'): Promise<BoardResponse> {
    const response = await h.request('/api/board', { role });
    expect(response.status).toBe(200);
    return boardResponseSchema.parse(response.json());
  }

  /** A pin or unpin as the SPA sends it: JSON, the CSRF header, same origin. */
  const send = (method: 'PUT' | 'DELETE', path: string, role: 'viewer' | 'operator' | 'admin' = 'operator') =>
    h.request(path, { method, role, headers: { 'content-type': 'application/json', 'x-runwatch-csrf': '1', origin: h.url }, body: '{}' });

  const cardOf = (group: { cards: BoardCard[] }, runId: string) => group.cards.find((card) => card.runId === runId);

  // First: the simulator's clock still stands where it started (later tests move it ahead of the server's).
  it('flags a run queued past its threshold as stuck and counts it', async () => {
    const run = await h.createRun('success');
    const card = await vi.waitFor(async () => {
      const body = await board();
      const found = cardOf(body.queued, run.id);
      expect(found?.stuck).toBe(true);
      expect(body.stuckCount).toBeGreaterThanOrEqual(1);
      return found!;
    }, WAIT);
    expect(card.since).toBe(card.createdAt);
    expect((await board()).stuckAfterMinutes).toEqual({ queued: 0.01, interaction_required: 3, review_required: 30 });
  });

  it('puts a run waiting for input under "needs you" with its prompt and an estimated expiry, read once for every viewer', async () => {
    const run = await h.createRun('mfa');
    await h.advance(UNTIL_PROMPT_MS);
    await h.resetUpstreamRequests();

    const card = await vi.waitFor(async () => {
      const found = cardOf((await board()).needsYou, run.id);
      expect(found?.interaction?.fields.map((field) => field.name)).toEqual(['code']);
      return found!;
    }, WAIT);
    expect(card.status).toBe('interaction_required');
    expect(card.interaction?.type).toBe('mfa');
    expect(Date.parse(card.expiresAt!) - Date.parse(card.since)).toBe(7 * 60_000);

    // Twenty more viewers, two roles, polling at once: the prompt is not read again.
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => board(i % 2 ? 'viewer' : 'operator')));
    for (const answer of answers) expect(cardOf(answer.needsYou, run.id)?.interaction?.promptId).toBe(card.interaction?.promptId);
    const reads = (await h.upstreamRequests()).filter((request) => request.method === 'GET' && request.path.endsWith(`/task-runs/${run.id}`));
    expect(reads).toHaveLength(1);
    const body = await board();
    expect(body.interactionWindow).toEqual({ minutes: 7, estimate: true });
  });

  it('moves an answered run off "needs you" and reads the next prompt again after a rejected code', async () => {
    const run = await h.createRun('mfa_wrong_code');
    await h.advance(UNTIL_PROMPT_MS);
    const first = await vi.waitFor(async () => {
      const found = cardOf((await board()).needsYou, run.id);
      expect(found?.interaction).toBeTruthy();
      return found!;
    }, WAIT);

    const answered = await h.post(`/api/runs/${run.id}/interaction`, { promptId: first.interaction!.promptId, input: { code: '123456' } });
    expect(answered.status).toBe(200);
    await vi.waitFor(async () => expect(cardOf((await board()).needsYou, run.id)).toBeUndefined(), WAIT);

    await h.advance(5_000);
    const second = await vi.waitFor(async () => {
      const found = cardOf((await board()).needsYou, run.id);
      expect(found?.interaction?.message).toMatch(/rejected/i);
      return found!;
    }, WAIT);
    expect(second.interaction?.promptId).not.toBe(first.interaction?.promptId);
  });

  it('shows a finished run in "just finished" with its result', async () => {
    const run = await h.createRun('fail_auth_invalid');
    await vi.waitFor(async () => expect(cardOf((await board()).queued, run.id)).toBeDefined(), WAIT);
    await h.advance(30 * 60_000);
    const card = await vi.waitFor(async () => {
      const found = cardOf((await board()).justFinished, run.id);
      expect(found?.status).toBe('failed');
      return found!;
    }, WAIT);
    expect(card.result).toBe('failure');
    expect(card.stuck).toBe(false);
  });

  it('keeps pinned runs on the caller’s board until unpinned, per person', async () => {
    const run = await h.createRun('success');
    await h.advance(30 * 60_000);
    await vi.waitFor(async () => expect((await h.events.getRun(run.id))?.status).toBe('completed'), WAIT);

    const pinned = await send('PUT', `/api/watchlist/${run.id}`, 'viewer');
    expect(pinned.status).toBe(200);
    expect(watchlistResponseSchema.parse(pinned.json()).pins.map((pin) => pin.runId)).toEqual([run.id]);

    const viewerBoard = await board('viewer');
    const everywhere = [viewerBoard.justFinished, viewerBoard.watched].flatMap((group) => group.cards).filter((card) => card.runId === run.id);
    expect(everywhere).toHaveLength(1);
    expect(everywhere[0]?.pinned).toBe(true);
    // Another person's board does not carry the viewer's pin.
    const operatorBoard = await board('operator');
    expect(operatorBoard.watched.cards.find((card) => card.runId === run.id)).toBeUndefined();

    // A run the index has not seen yet is still kept, by id.
    const unseen = 'trun_NotSeenYet01';
    expect((await send('PUT', `/api/watchlist/${unseen}`, 'viewer')).status).toBe(200);
    expect(cardOf((await board('viewer')).watched, unseen)).toMatchObject({ pinned: true, status: null, upstreamStatus: '' });

    const unpinned = await send('DELETE', `/api/watchlist/${run.id}`, 'viewer');
    expect(watchlistResponseSchema.parse(unpinned.json()).pins.map((pin) => pin.runId)).toEqual([unseen]);
    expect(cardOf((await board('viewer')).watched, run.id)).toBeUndefined();
  });

  it('refuses a pin over the per-person limit with a clear error, keeping the pins already there', async () => {
    const role = 'admin';
    for (let i = 0; i < MAX_PINS_PER_USER; i++) {
      expect((await send('PUT', `/api/watchlist/trun_Limit${String(i).padStart(5, '0')}`, role)).status).toBe(200);
    }
    const over = await send('PUT', '/api/watchlist/trun_LimitOver01', role);
    expect((await expectApiError(over, { status: 400, code: 'invalid_request' })).message).toMatch(/pin/i);
    const kept = watchlistResponseSchema.parse((await h.request('/api/watchlist', { role })).json());
    expect(kept.pins).toHaveLength(MAX_PINS_PER_USER);
  });

  it('refuses a malformed run id, an unknown parameter and a pin without the CSRF header', async () => {
    const bad = await send('PUT', '/api/watchlist/not-a-run');
    await expectApiError(bad, { status: 400, code: 'invalid_id' });
    expect((await h.request('/api/board?status=queued')).status).toBe(400);
    expect((await h.request('/api/watchlist/trun_NoCsrf0001', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(
      403,
    );
    expect((await h.request('/api/board', { role: 'none' })).status).toBe(401);
  });
});
