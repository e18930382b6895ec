import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { API_ERROR } from '@/contract/api-errors';
import type { AppEnv } from '../app-env';
import type { EventIntake } from '../events/event-intake';
import { ApiHttpError } from '../http/api-error';
import { WEBHOOK_REJECTION_MESSAGES, verifyWebhook, type WebhookRejection } from '../events/webhook-verifier';
import type { RouteSpec } from '../http/route-table';

/** Largest webhook delivery accepted: one event snapshot is a few kB. */
export const WEBHOOK_BODY_LIMIT_BYTES = 256 * 1024;

export const WEBHOOK_PATH = '/hooks/upstream';

/**
 * `POST /hooks/upstream`: pushed upstream events (Standard Webhooks). Public — the upstream has no
 * session — and outside `/api`, so neither the CSRF guard nor the API body limit applies; the
 * signature is the authentication. A refused delivery stores nothing and writes no log line (a
 * flood must not fill the disk): it is counted for the status endpoint. A valid one is deduped on
 * its `webhook-id` (and, in the store, on the event id), stored, and answered 204 at once — well
 * inside the 5 s the upstream waits. Without events or a webhook secret the route answers as an
 * unknown one (the reason goes to the debug log only).
 */
export function webhookRoutes(deps: { intake: EventIntake | null; signingKeys: readonly Buffer[]; now?: () => number }): RouteSpec[] {
  const now = deps.now ?? Date.now;
  return [
    {
      method: 'POST',
      path: WEBHOOK_PATH,
      policy: 'public',
      handler: async (c) => {
        const intake = deps.intake;
        // The route is public: an anonymous caller learns nothing of the configuration, only what any unknown route answers.
        if (!intake || deps.signingKeys.length === 0) {
          c.get('log').debug('webhook delivery refused: webhooks are not set up', {
            reason: intake ? 'no webhook secret (RUNWATCH_WEBHOOK_SECRETS)' : 'events are off (RUNWATCH_EVENTS=off)',
          });
          throw new ApiHttpError(API_ERROR.not_found, 'no such route');
        }
        c.header('Cache-Control', 'no-store');
        const body = Buffer.from(await c.req.arrayBuffer());
        const verdict = verifyWebhook({
          headers: { id: c.req.header('webhook-id'), timestamp: c.req.header('webhook-timestamp'), signature: c.req.header('webhook-signature') },
          body,
          keys: deps.signingKeys,
          nowSeconds: Math.floor(now() / 1000),
        });
        if (!verdict.ok) return reject(c, intake, verdict.reason);

        let payload: unknown;
        try {
          payload = JSON.parse(body.toString('utf8')) as unknown;
        } catch {
          return reject(c, intake, 'unreadable_body', 400);
        }
        await intake.ingestDelivery(verdict.deliveryId, payload);
        return c.body(null, 204);
      },
    },
  ];
}

/** The body limit of the webhook route (mounted by createApp, since the route is outside `/api`). */
export function webhookBodyLimit(): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: WEBHOOK_BODY_LIMIT_BYTES,
    onError: (c) =>
      c.json({ error: { code: API_ERROR.payload_too_large, message: `webhook deliveries are limited to ${WEBHOOK_BODY_LIMIT_BYTES} bytes` } }, 413),
  });
}

function reject(c: Parameters<RouteSpec['handler']>[0], intake: EventIntake, reason: WebhookRejection | 'unreadable_body', status: 400 | 401 = 401) {
  intake.noteWebhookRejected(reason);
  const message = reason === 'unreadable_body' ? 'the delivery body is not JSON' : WEBHOOK_REJECTION_MESSAGES[reason];
  return c.json({ error: { code: reason === 'unreadable_body' ? API_ERROR.invalid_request : 'invalid_signature', reason, message } }, status);
}
