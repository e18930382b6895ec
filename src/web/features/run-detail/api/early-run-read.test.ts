import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEarlyRunRead, takeEarlyRunRead } from './early-run-read';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('early run read', () => {
  it('is handed over once, to the page that asks for its run', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(401, { error: { code: 'unauthenticated', message: 'sign in to continue' } })),
    );
    startEarlyRunRead('trun_early1');
    const taken = takeEarlyRunRead('trun_early1');
    expect(taken).toBeDefined();
    expect(takeEarlyRunRead('trun_early1')).toBeUndefined();
    await expect(taken!.read).rejects.toThrow();
  });

  it('is not kept once it failed: a read refused before sign-in is not handed to the page after it', async () => {
    const fetchFake = vi.fn(async () => json(401, { error: { code: 'unauthenticated', message: 'sign in to continue' } }));
    vi.stubGlobal('fetch', fetchFake);
    startEarlyRunRead('trun_early2');
    await vi.waitFor(() => expect(fetchFake).toHaveBeenCalledTimes(1));
    // Let the refusal settle.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(takeEarlyRunRead('trun_early2')).toBeUndefined();
  });

  it('starts nothing for an id the route would refuse', () => {
    const fetchFake = vi.fn(async () => json(200, {}));
    vi.stubGlobal('fetch', fetchFake);
    startEarlyRunRead('not a run id');
    expect(fetchFake).not.toHaveBeenCalled();
    expect(takeEarlyRunRead('not a run id')).toBeUndefined();
  });
});
