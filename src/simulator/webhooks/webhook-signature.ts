import { createHmac, randomBytes } from 'node:crypto';

/** `whsec_` + base64 of 24 to 64 key bytes (the Standard Webhooks secret format). */
const SECRET_PATTERN = /^whsec_([A-Za-z0-9+/]+={0,2})$/;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function isWebhookSecret(value: string): boolean {
  const match = SECRET_PATTERN.exec(value);
  if (!match?.[1]) return false;
  const bytes = Buffer.from(match[1], 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/**
 * The `webhook-signature` header: one `v1,<base64 HMAC-SHA256>` per secret, space-separated, over
 * `"{id}.{timestamp}.{body}"` keyed with the base64-decoded part after `whsec_`.
 */
export function signatureHeader(secrets: readonly string[], messageId: string, timestampSeconds: number, body: string): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
      return `v1,${createHmac('sha256', key).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64')}`;
    })
    .join(' ');
}
