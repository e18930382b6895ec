import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { ACCOUNT_NAME_PATTERN } from '../contract/limits';
import { ROLE } from '../contract/roles';
import type { LogLevel } from './logger';
import { ROLES, type Role } from './http/principal';
import { webhookSigningKey } from './events/webhook-verifier';
import { parseStuckAfterMinutes } from './runs/stuck-runs';
import type { WaitingStatus } from '../contract/board';

/**
 * The only reader of `process.env`. Every variable is validated here; a bad value stops the server
 * with one line naming the variable and what was expected — never the value, since some are secrets.
 */

export interface BootstrapAdmin {
  name: string;
  password: string;
}

export interface AuthConfig {
  /** Peers whose proxy user header is believed; empty means no proxy sign-in. */
  trustedProxies: string[];
  /** Lower-case header name carrying the signed-in user from a trusted proxy, e.g. `x-forwarded-user`. */
  proxyUserHeader: string | null;
  proxyRole: Role;
  bootstrapAdmin: BootstrapAdmin | null;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  secureCookies: 'auto' | boolean;
  /**
   * RUNWATCH_INIT_ACCOUNTS: allow starting with a new, empty accounts database although the data
   * dir holds other state (a deleted accounts.sqlite is otherwise refused; see accounts-presence.ts).
   */
  initAccounts: boolean;
}

export interface UpstreamConfig {
  /** Base URL including `/v2`, without a trailing slash. */
  baseUrl: string;
  apiKey: string;
}

export interface EventsConfig {
  /** RUNWATCH_EVENTS: follow the upstream event log (catch-up reader, webhooks). */
  enabled: boolean;
  /** RUNWATCH_EVENTS_INTERVAL_MS: time between catch-up passes. */
  intervalMs: number;
  /** RUNWATCH_WEBHOOK_SECRETS: `whsec_…` secrets deliveries are verified against (two during a rotation). */
  webhookSecrets: string[];
}

export interface AppConfig {
  /** Null when no upstream is configured: main.ts then starts the embedded simulator. */
  upstream: UpstreamConfig | null;
  port: number;
  host: string;
  dataDir: string;
  /** DATABASE_URL: the shared stores are on this PostgreSQL database; null keeps them in SQLite files in dataDir. */
  databaseUrl: string | null;
  /** Null when unset; the auth module then generates one and keeps it in the data dir. */
  sessionSecret: string | null;
  /** RUNWATCH_METRICS_TOKEN: bearer token `/metrics` asks for; null serves it to loopback peers only. */
  metricsToken: string | null;
  /** 0 picks a random free loopback port. */
  simulatorPort: number;
  simulatorSpeed: number;
  logLevel: LogLevel;
  /** Extra hosts (lower-case `host` or `host:port`) screenshots and files may be downloaded from. */
  fileHosts: string[];
  /** Largest upstream response body (after decompression) Runwatch buffers, in bytes. */
  upstreamMaxBodyBytes: number;
  /** RUNWATCH_UPSTREAM_SHARE: upstream requests per 10 s Runwatch allows itself, of the organisation's 200. */
  upstreamShare: number;
  /** Most client connections open at once (see src/server/http/connection-limits.ts). */
  maxConnections: number;
  /** Largest screenshot or captured file passed on to a browser (RUNWATCH_MAX_FILE_MB). */
  maxFileBytes: number;
  events: EventsConfig;
  alerts: AlertsConfig;
  auth: AuthConfig;
  board: BoardConfig;
}

export interface BoardConfig {
  /**
   * RUNWATCH_INTERACTION_WINDOW_MINUTES: the assumed time a prompt waits for an answer before the
   * run fails with interaction_timeout (the contract gives no number); the board's countdown.
   */
  interactionWindowMinutes: number;
  /** RUNWATCH_STUCK_AFTER_MINUTES: minutes a run may wait in each status before it is flagged stuck. */
  stuckAfterMinutes: Record<WaitingStatus, number>;
}

export interface AlertsConfig {
  /** RUNWATCH_ALERT_WEBHOOK_URL: where server-side alerts are posted (http or https); null = no alerts. */
  webhookUrl: string | null;
  /** RUNWATCH_ALERT_WEBHOOK_SECRET: `whsec_…` secret alerts are signed with (Standard Webhooks); null = unsigned. */
  webhookSecret: string | null;
  /** RUNWATCH_ALERT_LINK_BASE: the address people open Runwatch at, for run links in alerts; null = no links. */
  linkBase: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
  ) {
    super(`Invalid configuration: ${variable} ${expected}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Unset and empty mean the same: container tooling often passes `VAR=` for "not set". */
function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parse<T>(env: Env, name: string, schema: z.ZodType<T>, expected: string): T {
  const result = schema.safeParse(read(env, name));
  if (!result.success) throw new ConfigError(name, expected);
  return result.data;
}

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const commaList = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean)
      : [],
  );

const hostName = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/;
const bracketedIpv6 = /^\[[0-9a-f:.]+\](?::\d{1,5})?$/;

const upstreamUrl = z
  .string()
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.search && !url.hash;
    } catch {
      return false;
    }
  })
  .transform((v) => v.replace(/\/+$/, ''));

/** An outgoing alert receiver: http(s) only; a query may carry the receiver's token, credentials in the URL may not. */
const alertUrl = z.string().refine((v) => {
  try {
    const url = new URL(v);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.hash;
  } catch {
    return false;
  }
});

const postgresUrl = z.string().refine((v) => {
  try {
    const url = new URL(v);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' && url.pathname.length > 1 && !url.hash;
  } catch {
    return false;
  }
});

/** Pure: validates an environment and returns the config, or throws a ConfigError. */
export function loadConfig(env: Env): AppConfig {
  const upstreamUrlValue = read(env, 'TASK_API_URL');
  const apiKeyValue = read(env, 'TASK_API_KEY');
  if (upstreamUrlValue && !apiKeyValue) throw new ConfigError('TASK_API_KEY', 'must be set when TASK_API_URL is set');
  if (apiKeyValue && !upstreamUrlValue) throw new ConfigError('TASK_API_URL', 'must be set when TASK_API_KEY is set');

  let upstream: UpstreamConfig | null = null;
  if (upstreamUrlValue && apiKeyValue) {
    const baseUrl = parse(env, 'TASK_API_URL', upstreamUrl, 'must be an http(s) URL without credentials, query or fragment, e.g. https://api.example.com/v2');
    // A key with whitespace or control characters would corrupt the Authorization header.
    const apiKey = parse(env, 'TASK_API_KEY', z.string().regex(/^[\x21-\x7e]{8,512}$/), 'must be 8-512 printable characters without spaces');
    upstream = { baseUrl, apiKey };
  }

  const trustedProxies = parse(
    env,
    'RUNWATCH_TRUSTED_PROXIES',
    commaList.refine((list) => list.every((ip) => net.isIP(ip) !== 0)),
    'must be a comma-separated list of IP addresses',
  );
  const proxyUserHeader = parse(
    env,
    'RUNWATCH_PROXY_USER_HEADER',
    z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/)
      .transform((v) => v.toLowerCase())
      .optional(),
    'must be an HTTP header name, e.g. x-forwarded-user',
  );
  if (proxyUserHeader && trustedProxies.length === 0) {
    throw new ConfigError('RUNWATCH_PROXY_USER_HEADER', 'needs RUNWATCH_TRUSTED_PROXIES so the header is only believed from the proxy');
  }

  const bootstrapAdmin = parse(
    env,
    'RUNWATCH_BOOTSTRAP_ADMIN',
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined) return null;
        const colon = v.indexOf(':');
        const name = colon > 0 ? v.slice(0, colon) : '';
        const password = colon > 0 ? v.slice(colon + 1) : '';
        if (!ACCOUNT_NAME_PATTERN.test(name) || password.length === 0) {
          ctx.addIssue({ code: 'custom', message: 'bad bootstrap admin' });
          return z.NEVER;
        }
        return { name, password };
      }),
    'must look like name:password',
  );

  const secureCookies = parse(
    env,
    'RUNWATCH_SECURE_COOKIES',
    z
      .enum(['auto', 'true', 'false'])
      .default('auto')
      .transform((v) => (v === 'auto' ? 'auto' : v === 'true')),
    'must be auto, true or false',
  );

  const webhookSecrets = parse(
    env,
    'RUNWATCH_WEBHOOK_SECRETS',
    z
      .string()
      .optional()
      .transform((v) =>
        v
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : [],
      )
      .refine((list) => list.length <= 10 && list.every((secret) => webhookSigningKey(secret) !== null)),
    'must be a comma-separated list of whsec_ secrets (base64 of at least 16 bytes after whsec_)',
  );

  return {
    upstream,
    port: parse(env, 'PORT', port(8080), 'must be a port number (0-65535)'),
    host: parse(env, 'HOST', z.string().min(1).default('127.0.0.1'), 'must be a host name or IP address'),
    dataDir: path.resolve(parse(env, 'RUNWATCH_DATA_DIR', z.string().min(1).default('./.runwatch'), 'must be a directory path')),
    databaseUrl: parse(
      env,
      'DATABASE_URL',
      postgresUrl.optional().transform((v) => v ?? null),
      'must be a postgres:// or postgresql:// URL with a host and a database, e.g. postgres://runwatch:secret@db:5432/runwatch',
    ),
    sessionSecret: parse(
      env,
      'RUNWATCH_SESSION_SECRET',
      z
        .string()
        .min(32)
        .optional()
        .transform((v) => v ?? null),
      'must be at least 32 characters long',
    ),
    metricsToken: parse(
      env,
      'RUNWATCH_METRICS_TOKEN',
      z
        .string()
        .regex(/^[\x21-\x7e]{24,256}$/)
        .optional()
        .transform((v) => v ?? null),
      'must be 24 to 256 printable characters without spaces (e.g. openssl rand -hex 24)',
    ),
    simulatorPort: parse(env, 'RUNWATCH_SIMULATOR_PORT', port(0), 'must be a port number (0 = any free port)'),
    simulatorSpeed: parse(env, 'RUNWATCH_SIMULATOR_SPEED', z.coerce.number().positive().max(1000).default(1), 'must be a number above 0 (1 = real time)'),
    logLevel: parse(env, 'RUNWATCH_LOG_LEVEL', z.enum(['debug', 'info', 'warn', 'error']).default('info'), 'must be one of debug, info, warn, error'),
    upstreamMaxBodyBytes:
      parse(env, 'RUNWATCH_UPSTREAM_MAX_BODY_MB', z.coerce.number().int().min(1).max(1024).default(32), 'must be a whole number of MiB (1-1024)') * 1024 * 1024,
    // Half the organisation's limit by default: its own automation spends the same quota.
    upstreamShare: parse(
      env,
      'RUNWATCH_UPSTREAM_SHARE',
      z.coerce.number().int().min(1).max(200).default(100),
      'must be a whole number of requests per 10 s (1-200)',
    ),
    maxConnections: parse(
      env,
      'RUNWATCH_MAX_CONNECTIONS',
      z.coerce.number().int().min(16).max(1_000_000).default(10_000),
      'must be a whole number (16-1000000)',
    ),
    fileHosts: parse(
      env,
      'RUNWATCH_FILE_HOSTS',
      commaList.refine((list) => list.every((h) => hostName.test(h) || bracketedIpv6.test(h))),
      'must be a comma-separated list of host names (optionally host:port)',
    ),
    maxFileBytes:
      parse(env, 'RUNWATCH_MAX_FILE_MB', z.coerce.number().int().min(1).max(100_000).default(100), 'must be a whole number of megabytes (1-100000)') *
      1024 *
      1024,
    events: {
      enabled: parse(
        env,
        'RUNWATCH_EVENTS',
        z
          .enum(['on', 'off'])
          .default('on')
          .transform((v) => v === 'on'),
        'must be on or off',
      ),
      // Webhooks tell changes within a second; the log is then only the safety net and is read less often.
      intervalMs: parse(
        env,
        'RUNWATCH_EVENTS_INTERVAL_MS',
        z.coerce
          .number()
          .int()
          .min(200)
          .max(3_600_000)
          .default(webhookSecrets.length > 0 ? 15_000 : 2_000),
        'must be a whole number of milliseconds (200-3600000)',
      ),
      webhookSecrets,
    },
    board: {
      // 5 minutes: one-time codes commonly expire within 5-10 minutes; the short end never promises time that is not there.
      interactionWindowMinutes: parse(
        env,
        'RUNWATCH_INTERACTION_WINDOW_MINUTES',
        z.coerce.number().int().min(1).max(1440).default(5),
        'must be a whole number of minutes (1-1440)',
      ),
      stuckAfterMinutes: parse(
        env,
        'RUNWATCH_STUCK_AFTER_MINUTES',
        z
          .string()
          .optional()
          .transform((v, ctx) => parseStuckAfterMinutes(v) ?? (ctx.addIssue({ code: 'custom', message: 'bad thresholds' }), z.NEVER)),
        'must be minutes for every waiting status (e.g. 15) or per status (e.g. queued=10,interaction_required=3,review_required=30)',
      ),
    },
    alerts: {
      webhookUrl: parse(
        env,
        'RUNWATCH_ALERT_WEBHOOK_URL',
        alertUrl.optional().transform((v) => v ?? null),
        'must be an http(s) URL without credentials or fragment, e.g. https://hooks.slack.com/services/…',
      ),
      webhookSecret: parse(
        env,
        'RUNWATCH_ALERT_WEBHOOK_SECRET',
        z
          .string()
          .refine((v) => webhookSigningKey(v) !== null)
          .optional()
          .transform((v) => v ?? null),
        'must be a whsec_ secret (base64 of at least 16 bytes after whsec_)',
      ),
      linkBase: parse(
        env,
        'RUNWATCH_ALERT_LINK_BASE',
        upstreamUrl.optional().transform((v) => v ?? null),
        'must be the http(s) address Runwatch is opened at, e.g. https://runwatch.example.com',
      ),
    },
    auth: {
      trustedProxies,
      proxyUserHeader: proxyUserHeader ?? null,
      proxyRole: parse(env, 'RUNWATCH_PROXY_ROLE', z.enum(ROLES).default(ROLE.viewer), `must be one of ${ROLES.join(', ')}`),
      bootstrapAdmin,
      sessionIdleMinutes: parse(
        env,
        'RUNWATCH_SESSION_IDLE_MINUTES',
        z.coerce
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(60),
        'must be a whole number of minutes (1-1440)',
      ),
      sessionMaxHours: parse(
        env,
        'RUNWATCH_SESSION_MAX_HOURS',
        z.coerce
          .number()
          .int()
          .min(1)
          .max(24 * 30)
          .default(12),
        'must be a whole number of hours (1-720)',
      ),
      secureCookies,
      initAccounts: parse(
        env,
        'RUNWATCH_INIT_ACCOUNTS',
        z
          .enum(['1', 'true', '0', 'false'])
          .default('0')
          .transform((v) => v === '1' || v === 'true'),
        'must be 1 or 0',
      ),
    },
  };
}

/** Reads the real process environment. */
export function loadConfigFromProcess(): AppConfig {
  return loadConfig(process.env);
}
