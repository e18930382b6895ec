import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks signature headers for an outgoing alert, so a receiver can check it came from
 * this Runwatch and was not replayed: `webhook-signature` is `v1,` + base64 HMAC-SHA256 of
 * `"{id}.{timestamp}.{body}"`, keyed with the decoded `whsec_…` secret. The id stays the same on
 * every retry of one alert, so a receiver can drop repeats.
 */
export function alertSignatureHeaders(input: { id: string; timestampSeconds: number; body: string; key: Buffer }): Record<string, string> {
  const timestamp = String(Math.floor(input.timestampSeconds));
  const signature = createHmac('sha256', input.key).update(`${input.id}.${timestamp}.${input.body}`).digest('base64');
  return { 'webhook-id': input.id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
