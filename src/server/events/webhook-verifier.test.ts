import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhook, webhookSigningKey } from './webhook-verifier';

/** Signs as the Standard Webhooks spec says, written out here rather than taken from the code under test. */
function sign(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

const secretA = `whsec_${randomBytes(32).toString('base64')}`;
const secretB = `whsec_${randomBytes(24).toString('base64')}`;
const now = 1_770_000_000;
const body = JSON.stringify({ id: 'evt_1', type: 'task_run.completed' });

function verify(headers: { id?: string; timestamp?: string; signature?: string }, secrets = [secretA], payload = body) {
  return verifyWebhook({
    headers: { id: headers.id, timestamp: headers.timestamp, signature: headers.signature },
    body: payload,
    keys: secrets.map((s) => webhookSigningKey(s)!),
    nowSeconds: now,
  });
}

describe('verifyWebhook', () => {
  const ts = String(now);

  it('accepts a delivery signed with a configured secret', () => {
    expect(verify({ id: 'msg_1', timestamp: ts, signature: sign(secretA, 'msg_1', ts, body) })).toEqual({ ok: true, deliveryId: 'msg_1', timestamp: now });
  });

  it('refuses a changed body, id or timestamp', () => {
    const signature = sign(secretA, 'msg_1', ts, body);
    expect(verify({ id: 'msg_1', timestamp: ts, signature }, [secretA], body.replace('completed', 'failed'))).toEqual({
      ok: false,
      reason: 'no_matching_signature',
    });
    expect(verify({ id: 'msg_2', timestamp: ts, signature })).toEqual({ ok: false, reason: 'no_matching_signature' });
    expect(verify({ id: 'msg_1', timestamp: String(now - 1), signature })).toEqual({ ok: false, reason: 'no_matching_signature' });
  });

  it('refuses another secret, and takes either of two during a rotation', () => {
    const byB = sign(secretB, 'msg_1', ts, body);
    expect(verify({ id: 'msg_1', timestamp: ts, signature: byB })).toEqual({ ok: false, reason: 'no_matching_signature' });
    expect(verify({ id: 'msg_1', timestamp: ts, signature: byB }, [secretA, secretB]).ok).toBe(true);
    expect(verify({ id: 'msg_1', timestamp: ts, signature: sign(secretA, 'msg_1', ts, body) }, [secretA, secretB]).ok).toBe(true);
  });

  it('finds the valid entry among several in the header', () => {
    const good = sign(secretA, 'msg_1', ts, body);
    expect(verify({ id: 'msg_1', timestamp: ts, signature: `v1,AAAA v2,whatever ${good}` }).ok).toBe(true);
  });

  it('refuses timestamps more than 5 minutes away, either way', () => {
    for (const [offset, reason] of [
      [-301, 'timestamp_too_old'],
      [301, 'timestamp_too_new'],
    ] as const) {
      const at = String(now + offset);
      expect(verify({ id: 'msg_1', timestamp: at, signature: sign(secretA, 'msg_1', at, body) })).toEqual({ ok: false, reason });
    }
    const edge = String(now - 300);
    expect(verify({ id: 'msg_1', timestamp: edge, signature: sign(secretA, 'msg_1', edge, body) }).ok).toBe(true);
  });

  it('says what is missing or malformed', () => {
    const signature = sign(secretA, 'msg_1', ts, body);
    expect(verify({ timestamp: ts, signature })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(verify({ id: 'msg_1', signature })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(verify({ id: 'msg_1', timestamp: ts })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(verify({ id: 'msg_1', timestamp: '17e8', signature })).toEqual({ ok: false, reason: 'invalid_timestamp' });
    expect(verify({ id: 'msg_1', timestamp: ts, signature: signature.slice(3) })).toEqual({ ok: false, reason: 'malformed_signature' });
  });
});

describe('webhookSigningKey', () => {
  it('reads whsec_ secrets and refuses anything else', () => {
    expect(webhookSigningKey(secretA)?.length).toBe(32);
    expect(webhookSigningKey('whsec_short')).toBeNull();
    expect(webhookSigningKey(secretA.slice('whsec_'.length))).toBeNull();
    expect(webhookSigningKey('whsec_not base64 at all!!!!!!!!!!!!!')).toBeNull();
  });
});
