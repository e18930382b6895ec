import type { NewDestination } from './event-destinations';
import { isWebhookSecret } from './webhook-signature';
import { refuseWebhookUrl, type WebhookTargets } from './webhook-targets';

export type ParsedDestination = { ok: true; value: NewDestination } | { ok: false; field: string; message: string };

const MAX_EVENT_PATTERNS = 50;
const MAX_CUSTOM_HEADERS = 20;
const EVENT_PATTERN = /^(\*|[a-z_]+\.\*|[a-z_]+\.[a-z_]+)$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
/** Headers a destination cannot set: the signature scheme's own and what the HTTP client controls. */
const RESERVED_HEADERS = new Set([
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'content-type',
  'content-length',
  'host',
  'transfer-encoding',
  'connection',
]);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const fail = (field: string, message: string): ParsedDestination => ({ ok: false, field, message });

/**
 * The body of `POST /event-destinations`: `{name, type: 'webhook', webhook: {url, custom_headers?, secret?}, events}`,
 * or the older `{..., config: {url, custom_headers?}, credentials: {secret}}`. Only webhooks are simulated.
 */
export function parseNewDestination(body: unknown, targets: WebhookTargets): ParsedDestination {
  if (!isObject(body)) return fail('body', 'The body must be a JSON object.');
  const { name, type, events } = body;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) return fail('name', 'name must be a non-empty string of at most 200 characters.');
  if (type !== 'webhook') return fail('type', 'This simulator supports only the webhook destination type.');

  const config = isObject(body.webhook) ? body.webhook : isObject(body.config) ? body.config : null;
  const configField = isObject(body.webhook) ? 'webhook' : 'config';
  if (!config) return fail('webhook', 'webhook must be an object with a url.');
  if (typeof config.url !== 'string') return fail(`${configField}.url`, 'url must be a string.');
  const refused = refuseWebhookUrl(config.url, targets);
  if (refused !== null) return fail(`${configField}.url`, refused);

  const headers = readCustomHeaders(config.custom_headers);
  if (typeof headers === 'string') return fail(`${configField}.custom_headers`, headers);

  const credentials = isObject(body.credentials) ? body.credentials : {};
  const secret = config.secret ?? credentials.secret;
  if (secret !== undefined && secret !== null && (typeof secret !== 'string' || !isWebhookSecret(secret))) {
    return fail(config.secret !== undefined ? `${configField}.secret` : 'credentials.secret', 'secret must be whsec_ followed by base64 of 24 to 64 bytes.');
  }

  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENT_PATTERNS) {
    return fail('events', `events must be a list of 1 to ${MAX_EVENT_PATTERNS} event types (or ["*"]).`);
  }
  const badEvent = events.find((event) => typeof event !== 'string' || !EVENT_PATTERN.test(event));
  if (badEvent !== undefined) return fail('events', 'Each event must be "*", a type such as "task_run.completed", or a pattern such as "task_run.*".');

  return {
    ok: true,
    value: { name: name.trim(), events: events as string[], url: config.url, customHeaders: headers, secret: typeof secret === 'string' ? secret : undefined },
  };
}

/** `custom_headers` is a JSON-encoded string of a name → value object; a plain object is taken too. */
function readCustomHeaders(raw: unknown): Record<string, string> | string {
  if (raw === undefined || raw === null || raw === '') return {};
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      return 'custom_headers must be a JSON-encoded object of header names to string values.';
    }
  }
  if (!isObject(value)) return 'custom_headers must be an object of header names to string values.';
  const entries = Object.entries(value);
  if (entries.length > MAX_CUSTOM_HEADERS) return `custom_headers may hold at most ${MAX_CUSTOM_HEADERS} headers.`;
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of entries) {
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) return `custom_headers cannot set "${name.slice(0, 100)}".`;
    if (typeof headerValue !== 'string' || headerValue.length > 1_000 || /[\r\n\0]/.test(headerValue))
      return `custom_headers value of "${name}" must be a single-line string.`;
    // Defined, not assigned: a header may be called `__proto__`.
    Object.defineProperty(headers, name.toLowerCase(), { value: headerValue, enumerable: true, writable: true, configurable: true });
  }
  return headers;
}
