import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runResponseSchema } from '@/contract/bff';
import { BUNDLE_JSON_NAME, runBundleSchema, type RunBundle } from '@/contract/bundle';
import { spaHeaders } from '../testing/auth-test-server';
import { CANARY_KEY } from '../testing/canary';
import { startFullAppTestServer, type FullAppTestServer } from '../testing/full-app-test-server';
import { startScriptedHarness, type ScriptedHarness } from '../testing/scripted-upstream-harness';
import { readZip } from './read-zip';
import { expectApiError } from '../testing/api-envelope';

/** `GET /api/runs/:runId/bundle` over real HTTP: what a support bundle must and must not hold. */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The simulated login takes 3 s queued + 11 s before it asks for input. */
const UNTIL_PROMPT_MS = 15_000;

async function downloadBundle(url: string, headers: Record<string, string>) {
  const response = await fetch(url, { headers });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { response, bytes };
}

function openBundle(bytes: Buffer): { files: Map<string, Buffer>; bundle: RunBundle; text: string } {
  const files = readZip(bytes);
  const text = files.get(BUNDLE_JSON_NAME)!.toString('utf8');
  return { files, bundle: runBundleSchema.parse(JSON.parse(text)), text };
}

describe('run bundle from the simulator, after an answer made in Runwatch', () => {
  let app: FullAppTestServer;
  let operator: string;
  let viewer: string;
  let runId: string;
  const answer = `Biscuit-${randomBytes(6).toString('hex')}`;
  const vaulted = `pw-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    app = await startFullAppTestServer();
    operator = await app.signInAs('operator');
    viewer = await app.signInAs('viewer');
    ({ id: runId } = await app.simControl<{ id: string }>('scenarios', {
      scenario: 'security_question',
      input: { statement_month: '2026-02', password: vaulted },
    }));
    await app.simControl('clock/advance', { ms: UNTIL_PROMPT_MS });
    const read = await fetch(`${app.url}/api/runs/${runId}`, { headers: { cookie: operator } });
    const promptId = runResponseSchema.parse(await read.json()).run.interaction!.promptId;
    const answered = await fetch(`${app.url}/api/runs/${runId}/interaction`, {
      method: 'POST',
      headers: spaHeaders(app.url, operator),
      body: JSON.stringify({ promptId, input: { answer } }),
    });
    expect(answered.status).toBe(200);
    await app.simControl('clock/advance', { ms: 10 * 60_000 });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('is a zip with the run, its timeline, reasoning, audit and the screenshot images', async () => {
    const { response, bytes } = await downloadBundle(`${app.url}/api/runs/${runId}/bundle`, { cookie: viewer });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="runwatch-${runId}-\\d{8}-\\d{6}\\.zip"$`));
    const { files, bundle } = openBundle(bytes);

    expect(bundle.run.id).toBe(runId);
    expect(bundle.run.status).toBe('completed');
    expect(bundle.generatedBy).toBe('viewer-user');
    expect(bundle.timeline.entries.map((e) => e.status)).toEqual(expect.arrayContaining(['interaction_required', 'completed']));
    expect(bundle.audit.map((e) => [e.action, e.actor])).toContainEqual(['interaction.submitted', 'operator-user']);
    expect(bundle.audit.every((e) => e.address === null)).toBe(true);
    expect(bundle.requestIds.length).toBeGreaterThan(0);
    expect(bundle.run.vaultedFields).toContain('password');

    expect(bundle.screenshots.length).toBeGreaterThan(1);
    for (const shot of bundle.screenshots) {
      expect(shot.reasoning.length).toBeGreaterThan(0);
      expect(shot.omitted).toBeNull();
      const image = files.get(shot.file!);
      expect(image?.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(image?.byteLength).toBe(shot.fileSize);
    }
    expect(files.size).toBe(bundle.screenshots.length + 1);
  });

  it('holds no answer, no vaulted value, no signed link and no key', async () => {
    const { bytes } = await downloadBundle(`${app.url}/api/runs/${runId}/bundle`, { cookie: viewer });
    const { text } = openBundle(bytes);
    expect(text).not.toContain(answer);
    expect(text).not.toContain(vaulted);
    expect(text).not.toContain('signature=');
    expect(text).not.toContain('expires=');
    expect(text).not.toContain(CANARY_KEY);
    expect(bytes.toString('latin1')).not.toContain(answer);
  });

  it('still carries the images once the links it read have expired: the run is read again for new ones', async () => {
    await downloadBundle(`${app.url}/api/runs/${runId}/bundle`, { cookie: viewer });
    // Signed links of the simulator expire after 15 minutes; the cached run still holds the old ones.
    await app.simControl('clock/advance', { ms: 20 * 60_000 });
    const { bytes } = await downloadBundle(`${app.url}/api/runs/${runId}/bundle`, { cookie: viewer });
    const { files, bundle } = openBundle(bytes);
    expect(bundle.screenshots.every((shot) => shot.omitted === null)).toBe(true);
    expect(files.size).toBe(bundle.screenshots.length + 1);
  });

  it('refuses a signed-out caller and a malformed id with the usual errors', async () => {
    const anonymous = await fetch(`${app.url}/api/runs/${runId}/bundle`);
    expect(anonymous.status).toBe(401);
    const malformed = await fetch(`${app.url}/api/runs/not-a-run/bundle`, { headers: { cookie: viewer } });
    await expectApiError(malformed, { status: 400, code: 'invalid_id' });
  });

  it('answers a run the upstream does not know with a plain 404 before any zip starts', async () => {
    const response = await fetch(`${app.url}/api/runs/trun_doesNotExist1/bundle`, { headers: { cookie: viewer } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
  });
});

describe('run bundle from a hostile upstream', () => {
  let h: ScriptedHarness;
  const runId = 'trun_hostile01';
  const vaulted = `4471-${randomBytes(5).toString('hex')}`;
  const signature = `sig=${randomBytes(8).toString('hex')}`;

  beforeAll(async () => {
    h = await startScriptedHarness();
    h.upstream.setRun(runId, {
      id: runId,
      object: 'task_run',
      status: 'failed',
      result: 'failure',
      task_id: 'task_F3kd81Ws',
      credential_id: 'cred_0Ke5Vd3r',
      session_id: 'sess_Lm7Xw2Aq',
      agent_id: 'agt_2Wc8Yb5m',
      source_id: 'src_Pz4Lq0Nd',
      runtime_ms: 1000,
      // A vaulted value the upstream should have stripped, and links with signatures in the output.
      input: { statement_month: '2026-02', account_number: vaulted },
      vaulted_fields: ['account_number'],
      output: { receipt: `https://files.example.invalid/r.pdf?${signature}`, note: `see https://files.example.invalid/x?${signature} for more` },
      errors: [{ type: 'auth', code: 'auth_invalid', message: `Rejected (request authorized with Bearer ${CANARY_KEY})` }],
      interaction: null,
      storage: [
        {
          id: 'stor_Wn4Cq8Tz2e',
          object: 'storage',
          file_name: 'a.pdf',
          file_type: 'application/pdf',
          file_size: 3,
          created_at: '2026-03-02T11:06:00Z',
          url: `https://files.example.invalid/a.pdf?${signature}`,
          extraction: null,
        },
      ],
      artifacts: {
        screenshots: [
          {
            file_name: 'shot.png',
            file_type: 'image/png',
            file_size: 10,
            created_at: '2026-03-02T11:03:00Z',
            url: `https://files.example.invalid/shot.png?${signature}`,
            reasoning: `Opened https://bank.example/login?${signature} to sign in`,
          },
        ],
      },
      created_at: '2026-03-02T11:02:10Z',
      updated_at: '2026-03-02T11:06:33Z',
      request_id: 'req_hostile01',
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('removes what the upstream should never have sent and lists a shot it could not fetch by its reasoning', async () => {
    const { response, bytes } = await downloadBundle(`${h.url}/api/runs/${runId}/bundle`, { 'x-test-role': 'viewer' });
    expect(response.status).toBe(200);
    const { files, bundle, text } = openBundle(bytes);
    expect(text).not.toContain(vaulted);
    expect(text).not.toContain(signature);
    expect(text).not.toContain(CANARY_KEY);
    expect(bundle.run.input).toEqual({ statement_month: '2026-02' });
    expect(bundle.errors[0]).toMatchObject({ code: 'auth_invalid', group: 'request' });
    expect(bundle.screenshots).toEqual([
      expect.objectContaining({ position: 1, file: null, omitted: 'unavailable', reasoning: expect.stringContaining('https://bank.example/login') }),
    ]);
    expect([...files.keys()]).toEqual([BUNDLE_JSON_NAME]);
  });
});
