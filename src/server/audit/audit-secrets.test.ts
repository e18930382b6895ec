import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditResponseSchema } from '@/contract/audit';
import { runResponseSchema } from '@/contract/bff';
import { silentLogger } from '../logger';
import { openAuthDatabase } from '../auth/auth-database';
import { spaHeaders } from '../testing/auth-test-server';
import { startFullAppTestServer, type FullAppTestServer } from '../testing/full-app-test-server';

/** The simulated login takes 3 s queued + 11 s before it asks for input. */
const UNTIL_PROMPT_MS = 15_000;

/** Reads the run as the page does and returns the id of the prompt it waits on. */
async function promptIdOf(url: string, runId: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${url}/api/runs/${runId}`, { headers });
  return runResponseSchema.parse(await response.json()).run.interaction!.promptId;
}

describe('audit log of operator actions', () => {
  let app: FullAppTestServer;
  let operator: string;
  let viewer: string;

  beforeAll(async () => {
    app = await startFullAppTestServer();
    operator = await app.signInAs('operator');
    viewer = await app.signInAs('viewer');
  });

  afterAll(async () => {
    await app.close();
  });

  async function waitingRun(scenario: string): Promise<string> {
    const { id } = await app.simControl<{ id: string }>('scenarios', { scenario });
    await app.simControl('clock/advance', { ms: UNTIL_PROMPT_MS });
    return id;
  }

  function auditRows(): Array<Record<string, unknown>> {
    const db = openAuthDatabase(app.dataDir, silentLogger);
    try {
      return db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  }

  /** Every byte Runwatch keeps on disk (databases with their WAL files) as text. */
  function everythingOnDisk(): string {
    return fs
      .readdirSync(app.dataDir)
      .map((name) => fs.readFileSync(path.join(app.dataDir, name)).toString('latin1'))
      .join('\n');
  }

  it('records who answered which run and how it went, never the answer', async () => {
    const runId = await waitingRun('security_question');
    const secret = `Biscuit-${randomBytes(6).toString('hex')}`;
    // Read once, as the page does, for the prompt being answered.
    const promptId = await promptIdOf(app.url, runId, { cookie: operator });
    const response = await fetch(`${app.url}/api/runs/${runId}/interaction`, {
      method: 'POST',
      headers: spaHeaders(app.url, operator),
      body: JSON.stringify({ promptId, input: { answer: secret } }),
    });
    expect(response.status).toBe(200);

    const row = auditRows().find((r) => r.action === 'interaction.submitted' && r.run_id === runId);
    expect(row).toMatchObject({ outcome: 'accepted', actor: 'operator-user', actor_role: 'operator', address: '127.0.0.1', detail: 'security_question' });
    expect(String(row?.upstream_request_id)).toMatch(/^req_/);
    expect(row?.request_id).toBe(response.headers.get('x-request-id'));

    expect(JSON.stringify(auditRows())).not.toContain(secret);
    expect(everythingOnDisk()).not.toContain(secret);
    expect(app.logs.join('\n')).not.toContain(secret);
  });

  it("shows a run's actions to a viewer through the run audit route", async () => {
    const runId = await waitingRun('mfa');
    const code = String(100000 + Math.floor(Math.random() * 800000));
    const promptId = await promptIdOf(app.url, runId, { cookie: operator });
    await fetch(`${app.url}/api/runs/${runId}/interaction`, {
      method: 'POST',
      headers: spaHeaders(app.url, operator),
      body: JSON.stringify({ promptId, input: { code } }),
    });
    const cancel = await fetch(`${app.url}/api/runs/${runId}/cancel`, { method: 'POST', headers: spaHeaders(app.url, operator), body: '{}' });
    expect(cancel.status).toBe(200);

    const response = await fetch(`${app.url}/api/runs/${runId}/audit`, { headers: { cookie: viewer } });
    expect(response.status).toBe(200);
    const body = runAuditResponseSchema.parse(await response.json());
    expect(body.entries.map((e) => [e.action, e.actor, e.outcome])).toEqual([
      ['interaction.submitted', 'operator-user', 'accepted'],
      ['run.canceled', 'operator-user', 'requested'],
    ]);
    expect(body.entries.every((e) => e.address === null)).toBe(true);
    expect(JSON.stringify(body)).not.toContain(code);
    expect(JSON.stringify(auditRows())).not.toContain(code);
  });
});

describe('audit address behind a trusted reverse proxy', () => {
  let app: FullAppTestServer;
  let operator: string;

  beforeAll(async () => {
    app = await startFullAppTestServer({ env: { RUNWATCH_TRUSTED_PROXIES: '127.0.0.1' } });
    operator = await app.signInAs('operator');
  });

  afterAll(async () => {
    await app.close();
  });

  function auditRows(): Array<Record<string, unknown>> {
    const db = openAuthDatabase(app.dataDir, silentLogger);
    try {
      return db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  }

  it('records the forwarded client, as sign-in does, not the proxy', async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.7' };
    const { id: runId } = await app.simControl<{ id: string }>('scenarios', { scenario: 'mfa' });
    await app.simControl('clock/advance', { ms: UNTIL_PROMPT_MS });
    const promptId = await promptIdOf(app.url, runId, { cookie: operator, ...forwarded });
    const answer = await fetch(`${app.url}/api/runs/${runId}/interaction`, {
      method: 'POST',
      headers: { ...spaHeaders(app.url, operator), ...forwarded },
      body: JSON.stringify({ promptId, input: { code: '482913' } }),
    });
    expect(answer.status).toBe(200);
    const cancel = await fetch(`${app.url}/api/runs/${runId}/cancel`, {
      method: 'POST',
      headers: { ...spaHeaders(app.url, operator), ...forwarded },
      body: '{}',
    });
    expect(cancel.status).toBe(200);

    const rows = auditRows().filter((r) => r.run_id === runId);
    expect(rows.map((r) => [r.action, r.outcome, r.address])).toEqual([
      ['interaction.submitted', 'accepted', '203.0.113.7'],
      ['run.canceled', 'requested', '203.0.113.7'],
    ]);
  });

  it('still records the socket peer when the request did not come through the proxy hop', async () => {
    const { id: runId } = await app.simControl<{ id: string }>('scenarios', { scenario: 'long_running' });
    const cancel = await fetch(`${app.url}/api/runs/${runId}/cancel`, { method: 'POST', headers: spaHeaders(app.url, operator), body: '{}' });
    expect(cancel.status).toBe(200);
    expect(auditRows().find((r) => r.run_id === runId)).toMatchObject({ action: 'run.canceled', address: '127.0.0.1' });
  });
});
