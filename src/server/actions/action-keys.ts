import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Idempotency keys for run actions, derived from what the action is about rather than random per
 * request, so a retry, a double click or a second operator sends the same key: the upstream then
 * replays its first answer instead of acting twice (keys live 24 h there, per organization).
 */

/** One answer per prompt: the run and the prompt it answers (never the answer itself). */
export function answerIdempotencyKey(runId: string, promptId: string): string {
  return `rw-answer-${digest(`${runId}\n${promptId}`)}`;
}

/**
 * One cancel per run: canceling is one-way, so every cancel request for a run — a double click,
 * a retry after a lost response, a second operator — is the same request. A cancel the upstream
 * refused (an error is not stored there) can still be sent again with the same key.
 */
export function cancelIdempotencyKey(runId: string): string {
  return `rw-cancel-${digest(runId)}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 43);
}

/** Keyed per process, so the fingerprint of an MFA code cannot be reversed by trying codes offline. */
const FINGERPRINT_KEY = randomBytes(32);

/**
 * Tells two answers to one prompt apart without keeping either: the same answer sent twice is a
 * retry, a different one is a conflict. Held in memory only, never logged or stored.
 */
export function answerFingerprint(input: Record<string, string>): string {
  const entries = Object.keys(input)
    .sort()
    .map((name) => [name, input[name]]);
  return createHmac('sha256', FINGERPRINT_KEY).update(JSON.stringify(entries)).digest('base64url');
}
