import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_EXPORT_COLUMNS } from '@/contract/bulk';
import { startHarness, type Harness } from '../testing/runwatch-harness';

/** `GET /api/export/runs.csv|json` over real HTTP against the simulator (lists read from the upstream). */

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('run export', () => {
  it('writes every page of the filtered list as JSON', async () => {
    const task = 'task_exportPages1';
    // More runs than one page of 100, so the export has to follow the cursor.
    const created = [];
    for (let i = 0; i < 105; i++) created.push(await h.createRun('long_running', { taskId: task }));
    await h.createRun('long_running');

    const response = await h.request(`/api/export/runs.json?task_id=${task}`, { role: 'viewer' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="runwatch-runs-.*\.json"/);
    const body = response.json<{ runs: Array<{ id: string; task_id: string }>; count: number; truncated: boolean; filters: unknown }>();
    expect(body.count).toBe(105);
    expect(body.truncated).toBe(false);
    expect(body.filters).toEqual({ task_id: task });
    expect(new Set(body.runs.map((r) => r.id))).toEqual(new Set(created.map((r) => r.id)));
    expect(body.runs.every((r) => r.task_id === task)).toBe(true);
  });

  it('writes CSV with the header first and one line per run', async () => {
    const task = 'task_exportCsv1';
    const run = await h.createRun('success', { taskId: task });
    await h.advance(600_000);
    const response = await h.request(`/api/export/runs.csv?task_id=${task}&status=completed`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = response.text.split('\r\n');
    expect(lines[0]).toBe(RUN_EXPORT_COLUMNS.join(','));
    expect(lines.slice(1).filter(Boolean)).toHaveLength(1);
    expect(lines[1]).toMatch(new RegExp(`^${run.id},completed,completed,success,${task},`));
  });

  it('refuses unknown parameters and bad filters before writing anything', async () => {
    expect((await h.request('/api/export/runs.csv?cursor=abc')).status).toBe(400);
    expect((await h.request('/api/export/runs.json?status=sleeping')).status).toBe(400);
    expect((await h.request('/api/export/runs.json', { role: 'none' })).status).toBe(401);
  });
});
