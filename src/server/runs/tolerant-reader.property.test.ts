import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUnreadableRunRow, runListResponseSchema, runRawResponseSchema, runResponseSchema, type RunListResponse } from '@/contract/bff';
import { startScriptedHarness, type ScriptedHarness } from '../testing/scripted-upstream-harness';
import { taskRunPayload, unreadableRunItem } from '../testing/upstream-payload-arbitraries';

/**
 * Property: for any documented-valid upstream payload (generated from the contract's looser rules,
 * not from the schemas Runwatch reads with), the BFF answers 200 with a valid DTO, over real HTTP
 * against a scripted upstream, and never a 502. A list survives one unreadable item.
 *
 * Every answer must be a fresh read (`X-Cache: MISS`): a failed read would otherwise be covered up
 * by the last good copy. The time bound is generous because every case is two real HTTP round trips.
 */

let h: ScriptedHarness;
beforeAll(async () => {
  h = await startScriptedHarness();
});
afterAll(async () => {
  await h.close();
});

describe('the reader against any documented-valid upstream', () => {
  it('answers every run with 200 and a valid RunView, raw JSON included', async () => {
    await fc.assert(
      fc.asyncProperty(taskRunPayload(), fc.constantFrom('', 'input,storage,artifacts', 'artifacts', 'storage'), async ({ payload, knownStatus }, include) => {
        const id = payload.id as string;
        h.upstream.setRun(id, payload);
        const response = await h.get(`/api/runs/${id}${include ? `?include=${include}` : ''}`);
        expect(response.status, response.text.slice(0, 400)).toBe(200);
        expect(response.headers.get('x-cache')).toBe('MISS');
        const { run } = runResponseSchema.parse(response.json());
        expect(run.id).toBe(id);
        expect(run.upstreamStatus).toBe(payload.status);
        expect(run.status === null).toBe(!knownStatus);
        expect(run.sectionProblems).toEqual([]);

        const raw = await h.get(`/api/runs/${id}/raw`);
        expect(raw.status, raw.text.slice(0, 400)).toBe(200);
        expect(runRawResponseSchema.parse(raw.json()).runId).toBe(id);
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('serves a list page whole, with the one unreadable item marked where it was', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(taskRunPayload(), { maxLength: 5 }),
        unreadableRunItem,
        fc.nat(),
        fc.constantFrom(true, false, null, undefined),
        async (runs, unreadable, position, hasMore) => {
          const at = position % (runs.length + 1);
          const items: unknown[] = runs.map((r) => r.payload);
          items.splice(at, 0, unreadable);
          const page: Record<string, unknown> = { data: items, next_cursor: null, request_id: 'req_page' };
          if (hasMore !== undefined) page.has_more = hasMore;
          h.upstream.setList(page);

          const response = await h.get('/api/runs');
          expect(response.status, response.text.slice(0, 400)).toBe(200);
          expect(response.headers.get('x-cache')).toBe('MISS');
          const body = runListResponseSchema.parse(response.json()) as RunListResponse;
          expect(body.runs).toHaveLength(items.length);
          expect(body.runs.map((row) => isUnreadableRunRow(row))).toEqual(items.map((_, i) => i === at));
          const readable = body.runs.filter((row) => !isUnreadableRunRow(row));
          expect(readable.map((row) => row.id)).toEqual(runs.map((r) => r.payload.id));
          for (const row of body.runs) expect(Buffer.byteLength(JSON.stringify(row))).toBeLessThanOrEqual(1024);
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);
});
