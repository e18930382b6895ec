import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfigFromProcess, type UpstreamConfig } from '../config';
import { createLogger } from '../logger';
import { createUpstreamClient } from '../upstream/upstream-client';
import { UpstreamError } from '../upstream/upstream-error';
import { EVENT_TYPES_FOLLOWED } from './catch-up-reader';
import { WEBHOOK_PATH } from '../routes/webhook-routes';

/**
 * `npm run webhooks -- register --url https://runwatch.example.com/hooks/upstream [--yes]`:
 * registers this Runwatch as a webhook event destination with the upstream. Without `--yes` it
 * only prints the request it would send; with it, it sends it and prints the signing secret the
 * upstream returned, with the variable to set. Uses TASK_API_URL / TASK_API_KEY like the server.
 */
const USAGE = `Usage: npm run webhooks -- register --url <url> [--name <name>] [--yes]

Registers this Runwatch as a webhook destination for task-run events with the upstream
(POST /event-destinations). Without --yes the request is only printed, nothing is sent.

Options:
  --url <url>     where the upstream should deliver, e.g. https://runwatch.example.com${WEBHOOK_PATH}
  --name <name>   name of the destination at the upstream (default: Runwatch)
  --yes           send the request (needs TASK_API_URL and TASK_API_KEY, as the server)`;

export interface WebhooksCliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The configured upstream; a function so a dry run does not need one. */
  upstream: () => UpstreamConfig | null;
}

class UsageError extends Error {}

/** Runs the command; returns the process exit code. */
export async function runWebhooksCli(argv: string[], io: WebhooksCliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' },
        name: { type: 'string', default: 'Runwatch' },
        yes: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  try {
    if (positionals[0] !== 'register' || positionals.length !== 1)
      throw new UsageError(positionals.length ? `unknown command: ${positionals.join(' ')}` : 'which command? (register)');
    const url = destinationUrl(values.url);
    const body = {
      name: values.name.trim() || 'Runwatch',
      type: 'webhook',
      webhook: { url },
      events: [...EVENT_TYPES_FOLLOWED],
    };
    if (new URL(url).protocol !== 'https:') io.err('Note: the URL is not https; deliveries carry run data and should be encrypted in transit.\n');
    if (!new URL(url).pathname.endsWith(WEBHOOK_PATH)) io.err(`Note: Runwatch takes deliveries at ${WEBHOOK_PATH}; this URL ends elsewhere.\n`);

    const upstream = values.yes ? io.upstream() : null;
    if (values.yes && !upstream) throw new UsageError('--yes needs TASK_API_URL and TASK_API_KEY (the upstream to register with).');
    io.out(
      `${values.yes ? 'Sending' : 'Would send'} POST ${upstream ? `${upstream.baseUrl}` : '<TASK_API_URL>'}/event-destinations\n${JSON.stringify(body, null, 2)}\n`,
    );
    if (!upstream) {
      io.out('\nNothing was sent. Run again with --yes to register.\n');
      return 0;
    }

    const client = createUpstreamClient({
      baseUrl: upstream.baseUrl,
      apiKey: upstream.apiKey,
      log: createLogger({ level: 'error', write: (line) => io.err(`${line}\n`) }),
    });
    const reply = await client.createEventDestination(body);
    const destination = reply.data;
    const id = typeof destination.id === 'string' ? destination.id : null;
    const secret = secretOf(destination);
    io.out(`\nRegistered${id ? ` event destination ${id}` : ''}.\n`);
    if (secret) {
      io.out(
        `Signing secret: ${secret}\n\nSet it for Runwatch and restart it:\n  RUNWATCH_WEBHOOK_SECRETS=${secret}\n` +
          'During a rotation list the new and the old secret, comma-separated, until the old one expires.\n',
      );
    } else {
      io.out('The answer carried no signing secret; read it from the upstream dashboard and set RUNWATCH_WEBHOOK_SECRETS.\n');
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof UpstreamError) {
      const labels = (error.details.items ?? []).map((item) => [item.code, item.message].filter(Boolean).join(': ')).filter(Boolean);
      io.err(`The upstream did not register the destination: ${error.message}${labels.length ? ` (${labels.join('; ')})` : ''}\n`);
      return 1;
    }
    throw error;
  }
}

function destinationUrl(value: string | undefined): string {
  if (!value) throw new UsageError('--url is required: where the upstream should deliver events.');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--url is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--url must be an http(s) URL.');
  if (url.username || url.password) throw new UsageError('--url must not carry credentials.');
  return url.toString();
}

/** The `whsec_` secret in the answer: `webhook.secret`, or the older `credentials.secret`, or a top-level `secret`. */
function secretOf(destination: Record<string, unknown>): string | null {
  const candidates = [nested(destination.webhook, 'secret'), nested(destination.credentials, 'secret'), destination.secret];
  const found = candidates.find((value): value is string => typeof value === 'string' && value.startsWith('whsec_'));
  return found ?? null;
}

function nested(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runWebhooksCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    upstream: () => {
      try {
        return loadConfigFromProcess().upstream;
      } catch (error) {
        if (error instanceof ConfigError) throw new UsageError(error.message);
        throw error;
      }
    },
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
