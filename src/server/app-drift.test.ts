import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiErrorSchema,
  isUnreadableRunRow,
  runActionResponseSchema,
  runListResponseSchema,
  runRawResponseSchema,
  runResponseSchema,
  timelineResponseSchema,
  type RunView,
} from '../contract/bff';
import { startSimulator, type StartedSimulator } from '../simulator/start-simulator';
import { CANARY_KEY } from './testing/canary';
import { startHarness, type Harness } from './testing/runwatch-harness';
import { expectApiError } from './testing/api-envelope';

/**
 * Runwatch against the simulator in drift mode: the messy but contract-valid shapes a real upstream
 * sends (nulls, an unknown status, loose error items, older field names, odd 2xx answers to actions,
 * typed 403s, a key-echoing upstream, file quirks). Every case answers 200 (or the accepted action,
 * or the specific error) with the honest marker, never a 502 for a shape the contract allows.
 * All over HTTP: the real BFF, the real simulator, on loopback.
 */

const NO_REUSE = { activeTtlMs: 0, terminalTtlMs: 0, listTtlMs: 0, failureTtlMs: 0 };
const ALL_SECTIONS = 'include=input,storage,artifacts';

async function readRunView(h: Harness, id: string, query = ALL_SECTIONS): Promise<RunView> {
  const response = await h.request(`/api/runs/${id}${query ? `?${query}` : ''}`);
  expect(response.status, response.text).toBe(200);
  expect(response.text).not.toContain(CANARY_KEY);
  return runResponseSchema.parse(response.json()).run;
}

/** The promptId and field names of the prompt a run waits on now. */
async function waitingPrompt(h: Harness, id: string) {
  const run = await readRunView(h, id, '');
  expect(run.status).toBe('interaction_required');
  if (!run.interaction) throw new Error(`run ${id} has no prompt`);
  return run.interaction;
}

describe('drift scenarios through the BFF (drift off for every other run)', () => {
  let sim: StartedSimulator;
  let h: Harness;
  const ids = new Map<string, string>();
  const SCENARIOS = [
    'drift_unknown_status',
    'drift_nulls',
    'drift_null_sections',
    'drift_loose_errors',
    'drift_legacy_names',
    'drift_legacy_review',
    'drift_action_202',
    'drift_action_204',
    'drift_action_200',
    'drift_forbidden_organization',
    'drift_forbidden_source',
    'drift_key_echo',
    'drift_proto_fields',
    'drift_deep_output',
    'drift_unreadable_in_list',
  ];

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0, rateLimit: false });
    h = await startHarness({ simulator: sim, cache: NO_REUSE });
    for (const scenario of SCENARIOS) ids.set(scenario, (await h.createRun(scenario, { workflowId: 'wflo_drift01' })).id);
    // Finishes the ~1 minute scenarios; the prompts (10 minutes) and drift_unknown_status (~20) still wait.
    await h.advance(2 * 60_000);
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  const idOf = (scenario: string) => ids.get(scenario) ?? '';

  it('an unknown status: status null, the raw status kept, not final, in the run, the list and the timeline', async () => {
    const id = idOf('drift_unknown_status');
    const run = await readRunView(h, id);
    expect(run).toMatchObject({ status: null, upstreamStatus: 'paused_by_policy', result: null });

    const list = runListResponseSchema.parse((await h.request('/api/runs?limit=100')).json());
    const row = list.runs.find((item) => !isUnreadableRunRow(item) && item.id === id);
    expect(row).toMatchObject({ status: null, upstreamStatus: 'paused_by_policy' });

    const timeline = timelineResponseSchema.parse((await h.request(`/api/runs/${id}/timeline`)).json());
    expect(timeline.entries.at(-1)).toMatchObject({ status: null, upstreamStatus: 'paused_by_policy' });
  });

  it('nulls for optional values, "" for missing ids and errors [] read as absent', async () => {
    const run = await readRunView(h, idOf('drift_nulls'));
    expect(run).toMatchObject({ status: 'completed', result: 'success', runtimeMs: null, errors: [], credentialId: null });
    expect(run.sessionId).toMatch(/^sess_/);
    const shots = run.screenshots ?? [];
    expect(shots.length).toBeGreaterThanOrEqual(6);
    expect(shots.every((shot) => shot.reasoning === '' && shot.fileType === '' && shot.fileSize === null)).toBe(true);
    expect(run.files?.[0]).toMatchObject({ fileType: '', fileSize: null });
  });

  it('a screenshot without url is listed but not served; the others are', async () => {
    const run = await readRunView(h, idOf('drift_nulls'));
    const [first, , third] = run.screenshots ?? [];
    const image = await h.request(first?.imageUrl ?? '');
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const missing = await h.request(third?.imageUrl ?? '');
    expect(missing.status).not.toBe(200);
    expect(['screenshot_not_found', 'file_unavailable']).toContain(apiErrorSchema.parse(missing.json()).error.code);
  });

  it('requested sections sent as null read as "none captured"', async () => {
    const run = await readRunView(h, idOf('drift_null_sections'));
    expect(run).toMatchObject({ status: 'completed', input: null, files: [], screenshots: [] });
    expect(run.sectionProblems).toEqual([]);
  });

  it('error items without code, without type, uncatalogued and with extra fields are shown as they came', async () => {
    const run = await readRunView(h, idOf('drift_loose_errors'));
    expect(run.status).toBe('failed');
    expect(run.errors).toHaveLength(3);
    expect(run.errors[0]).toMatchObject({ type: 'task', code: null, message: 'The run stopped after the agent lost track of the page.' });
    expect(run.errors[1]).toMatchObject({ type: null, code: 'step_budget_exhausted' });
    expect(run.errors[2]).toMatchObject({ type: 'compliance', code: 'policy_hold_expired' });
    expect(run.errors[2]?.extra).toMatchObject({ hold_id: 'hold_8812', retry_after: null });
    expect(run.errors[0]?.extra).toHaveProperty('docs_url');
  });

  it('older field names: workflow_id, canceled_at, tokenized/vaulted_input_fields, top-level screenshots', async () => {
    const run = await readRunView(h, idOf('drift_legacy_names'));
    expect(run).toMatchObject({ status: 'completed', workflowId: 'wflo_drift01', canceledAt: null });
    expect(run.vaultedFields).toContain('password');
    expect(run.screenshots?.length).toBeGreaterThan(0);
    expect(run.files?.length).toBeGreaterThan(0);
    expect(run.sectionProblems).toEqual([]);
  });

  it('"cancelling" reads as canceling after an accepted cancel, then canceled with its time', async () => {
    const { id } = await h.createRun('drift_legacy_names');
    await h.advance(10_000);
    const response = await h.post(`/api/runs/${id}/cancel`, {});
    expect(response.status, response.text).toBe(200);
    expect(runActionResponseSchema.parse(response.json()).accepted).toBe(true);
    expect(await readRunView(h, id, '')).toMatchObject({ status: 'canceling', upstreamStatus: 'cancelling', canceledAt: null });
    await h.advance(5_000);
    const canceled = await readRunView(h, id, '');
    expect(canceled).toMatchObject({ status: 'canceled', upstreamStatus: 'canceled' });
    expect(canceled.canceledAt).not.toBeNull();
  });

  it('"pending" reads as review_required, the raw spelling kept', async () => {
    const run = await readRunView(h, idOf('drift_legacy_review'));
    expect(run).toMatchObject({ status: 'review_required', upstreamStatus: 'pending' });
  });

  it.each(['drift_action_202', 'drift_action_204', 'drift_action_200'])('%s: an answer the upstream accepted is reported accepted', async (scenario) => {
    const id = idOf(scenario);
    const prompt = await waitingPrompt(h, id);
    const response = await h.post(`/api/runs/${id}/interaction`, { promptId: prompt.promptId, input: { code: '482913' } });
    expect(response.status, response.text).toBe(200);
    const body = runActionResponseSchema.parse(response.json());
    expect(body.accepted).toBe(true);
    if (body.run) expect(body.run.status).toBe('running');
    expect((await readRunView(h, id, '')).status).toBe('running');
    expect(h.audits.filter((entry) => entry.runId === id && entry.action === 'interaction.submitted').map((entry) => entry.outcome)).toEqual(['accepted']);
  });

  it.each(['drift_action_202', 'drift_action_204', 'drift_action_200'])('%s: a cancel the upstream accepted is reported accepted', async (scenario) => {
    const id = idOf(scenario);
    const response = await h.post(`/api/runs/${id}/cancel`, {});
    expect(response.status, response.text).toBe(200);
    expect(runActionResponseSchema.parse(response.json()).accepted).toBe(true);
    expect((await readRunView(h, id, '')).status).toBe('canceling');
  });

  it('a 403 typed organization is told apart from a rejected key', async () => {
    const id = idOf('drift_forbidden_organization');
    await expectApiError(await h.request(`/api/runs/${id}`), { status: 502, code: 'upstream_organization_blocked' });
    await expectApiError(await h.post(`/api/runs/${id}/cancel`, {}), { status: 502, code: 'upstream_organization_blocked' });
  });

  it('a 403 typed source (source_blocked) is told apart from a rejected key', async () => {
    const id = idOf('drift_forbidden_source');
    await expectApiError(await h.request(`/api/runs/${id}`), { status: 502, code: 'upstream_source_blocked' });
  });

  it('an upstream that echoes the bearer key never gets it into a response', async () => {
    const id = idOf('drift_key_echo');
    const run = await readRunView(h, id);
    expect(run.errors[0]).toMatchObject({ type: 'auth', code: 'auth_invalid' });
    expect(run.errors[0]?.message).toContain('The website rejected the stored credentials.');
    const refused = await h.post(`/api/runs/${id}/cancel`, {});
    await expectApiError(refused, { status: 409, code: 'not_cancelable' });
    expect(refused.text).not.toContain(CANARY_KEY);
    const raw = await h.request(`/api/runs/${id}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.text).not.toContain(CANARY_KEY);
    expect(h.leaks()).toEqual([]);
  });

  it('fields named __proto__ and constructor are shown and answered like any other', async () => {
    const id = idOf('drift_proto_fields');
    const prompt = await waitingPrompt(h, id);
    expect(prompt.fields.map((field) => field.name)).toEqual(['__proto__', 'constructor']);
    const body = `{"promptId":${JSON.stringify(prompt.promptId)},"input":{"__proto__":"A-1","constructor":"B-2"}}`;
    const response = await h.request(`/api/runs/${id}/interaction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-runwatch-csrf': '1', origin: h.url },
      body,
    });
    expect(response.status, response.text).toBe(200);
    expect(runActionResponseSchema.parse(response.json()).accepted).toBe(true);
    expect((await readRunView(h, id, '')).status).toBe('running');
  });

  it('an output nested 5,000 levels deep is withheld with a note; the raw JSON still downloads', async () => {
    const id = idOf('drift_deep_output');
    const run = await readRunView(h, id);
    expect(run).toMatchObject({ status: 'completed', output: null });
    expect(run.sectionProblems).toEqual(expect.arrayContaining([expect.objectContaining({ section: 'output' })]));
    const raw = await h.request(`/api/runs/${id}/raw`);
    expect(raw.status).toBe(200);
    expect(runRawResponseSchema.parse(JSON.parse(raw.text)).runId).toBe(id);
  });

  it('one unreadable item degrades only its own row of the list', async () => {
    const response = await h.request('/api/runs?limit=100');
    expect(response.status, response.text).toBe(200);
    const list = runListResponseSchema.parse(response.json());
    const unreadable = list.runs.filter(isUnreadableRunRow);
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]?.problem.length).toBeGreaterThan(0);
    const readableIds = list.runs.filter((item) => !isUnreadableRunRow(item)).map((item) => (item as { id: string }).id);
    // Every scenario started above, plus the drift_legacy_names run the cancel test started.
    expect(readableIds).toHaveLength(SCENARIOS.length);
    expect(readableIds).not.toContain(idOf('drift_unreadable_in_list'));
    expect(readableIds).toContain(idOf('drift_nulls'));
    // The run itself still reads fine on its own page.
    expect((await readRunView(h, idOf('drift_unreadable_in_list'))).status).toBe('completed');
  });
});

describe('files through the BFF from a drifting upstream', () => {
  let sim: StartedSimulator;
  let h: Harness;
  let id = '';
  beforeAll(async () => {
    sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0, rateLimit: false });
    // Default reuse windows: a finished run's copy (and its signed links) is kept, so links can expire.
    h = await startHarness({ simulator: sim });
    id = (await h.createRun('drift_files')).id;
    await h.advance(2 * 60_000);
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  it('a screenshot served as application/octet-stream is still an image when the run says so', async () => {
    const image = await h.request(`/api/runs/${id}/screenshots/1`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
  });

  it('an expired link that answers 400 is refreshed like 401/403', async () => {
    expect((await h.request(`/api/runs/${id}/screenshots/2`)).status).toBe(200);
    const run = await readRunView(h, id, 'include=storage');
    // Past the links' 15 minutes: the copy the BFF holds now carries expired links.
    await h.advance(16 * 60_000);
    const readsOfRun = async () => (await h.upstreamRequests()).filter((entry) => entry.method === 'GET' && entry.path === `/v2/task-runs/${id}`).length;
    const readsBefore = await readsOfRun();
    const image = await h.request(`/api/runs/${id}/screenshots/2`);
    expect(image.status, image.text).toBe(200);
    // Served after reading the run again for fresh links, not from the copy it held.
    expect(await readsOfRun()).toBeGreaterThan(readsBefore);
    expect(image.headers.get('content-type')).toBe('image/png');
    const download = await h.request(run.files?.[0]?.downloadUrl ?? '');
    expect(download.status, download.text).toBe(200);
  });
});

describe('everything at once: drift switched on for every run', () => {
  let sim: StartedSimulator;
  let h: Harness;
  const ids: string[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0, rateLimit: false, drift: true });
    h = await startHarness({ simulator: sim, cache: NO_REUSE });
    for (const scenario of ['long_running', 'long_running', 'success', 'success', 'fail_auth_invalid', 'mfa', 'review', 'large_output']) {
      ids.push((await h.createRun(scenario)).id);
    }
    await h.advance(2 * 60_000);
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  it('serves the list with the unreadable items (runs 2 and 6 of 8) as marked rows, never a 502', async () => {
    const response = await h.request('/api/runs?limit=100');
    expect(response.status, response.text).toBe(200);
    const list = runListResponseSchema.parse(response.json());
    expect(list.runs).toHaveLength(ids.length);
    const unreadable = list.runs.filter(isUnreadableRunRow);
    expect(unreadable.map((row) => row.upstreamStatus).sort()).toEqual(['interaction_required', 'running']);
    const readableIds = list.runs.filter((item) => !isUnreadableRunRow(item)).map((item) => (item as { id: string }).id);
    expect(readableIds.sort()).toEqual([ids[0], ids[2], ids[3], ids[4], ids[6], ids[7]].sort());
  });

  it('serves every run with all sections, never a 502', async () => {
    for (const id of ids) {
      const run = await readRunView(h, id);
      expect(run.id).toBe(id);
    }
  });

  it('reports an answer to a drifted prompt (with __proto__ and constructor fields) accepted', async () => {
    const id = ids[5] ?? '';
    const prompt = await waitingPrompt(h, id);
    expect(prompt.fields.map((field) => field.name)).toEqual(['code', '__proto__', 'constructor']);
    const body = `{"promptId":${JSON.stringify(prompt.promptId)},"input":{"code":"482913","__proto__":"x","constructor":"y"}}`;
    const response = await h.request(`/api/runs/${id}/interaction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-runwatch-csrf': '1', origin: h.url },
      body,
    });
    expect(response.status, response.text).toBe(200);
    expect(runActionResponseSchema.parse(response.json()).accepted).toBe(true);
  });

  it('answers an unknown run with 404 run_not_found though the error item has no code or type and echoes the key', async () => {
    const response = await h.request('/api/runs/trun_doesNotExist1');
    await expectApiError(response, { status: 404, code: 'run_not_found' });
    expect(response.text).not.toContain(CANARY_KEY);
  });
});
