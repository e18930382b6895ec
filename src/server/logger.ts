/**
 * Structured JSON logs, one object per line. Every field passes through redaction first, so a
 * secret handed to the logger by mistake (API key, cookie, password, interaction answer) never
 * reaches the output.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
  /** Whether lines of `level` are written, so a caller can skip building one that would be dropped. */
  isEnabled?(level: LogLevel): boolean;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names whose values are secrets wherever they appear. */
// Interaction answers travel under `input`/`inputs`; error codes under `code` stay readable.
const SECRET_KEY_PATTERN = /authorization|cookie|password|passphrase|secret|api[_-]?key|^token$|access[_-]?token|answer|^inputs?$/i;
/** Secret-looking values, redacted even under an innocent field name. */
const SECRET_VALUE_PATTERN = /\b(sk_(live|test)_[A-Za-z0-9_-]+|whsec_[A-Za-z0-9+/=_-]+)/g;

export const REDACTED = '[redacted]';

/** Field names repeat from line to line, so each one is checked against the pattern once. */
const secretKeyVerdicts = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 4096;

function isSecretKey(key: string): boolean {
  let secret = secretKeyVerdicts.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY_PATTERN.test(key);
    if (secretKeyVerdicts.size < MAX_REMEMBERED_KEYS) secretKeyVerdicts.set(key, secret);
  }
  return secret;
}

/** A string with key- and webhook-secret-shaped parts replaced; also used for upstream text passed on. */
export function redactString(value: string): string {
  // Every secret-looking value contains one of these; most strings contain neither.
  if (!value.includes('sk_') && !value.includes('whsec_')) return value;
  return value.replace(SECRET_VALUE_PATTERN, REDACTED);
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      out[k] = isSecretKey(k) ? REDACTED : redact((value as Record<string, unknown>)[k], depth + 1);
    }
    return out;
  }
  return value;
}

export function createLogger(
  options: {
    level?: LogLevel;
    write?: (line: string) => void;
    base?: LogFields;
  } = {},
): Logger {
  const minimum = LEVEL_ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  return new JsonLogger(minimum, write, options.base ?? {});
}

/**
 * A class rather than an object of closures: every request gets a child logger, and a child is
 * then one small object instead of six new functions. Call the methods on the logger (they use
 * `this`); wrap them in an arrow function to pass one around.
 */
class JsonLogger implements Logger {
  constructor(
    private readonly minimum: number,
    private readonly write: (line: string) => void,
    private readonly base: LogFields,
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger(this.minimum, this.write, { ...this.base, ...fields });
  }

  isEnabled(level: LogLevel): boolean {
    return LEVEL_ORDER[level] >= this.minimum;
  }

  private log(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (LEVEL_ORDER[level] < this.minimum) return;
    // Built already redacted, field by field, in the order `{ time, level, msg, ...base, ...fields }`
    // would give (later fields win).
    const record: Record<string, unknown> = {};
    putRedacted(record, 'time', new Date().toISOString());
    putRedacted(record, 'level', level);
    putRedacted(record, 'msg', message);
    for (const key of Object.keys(this.base)) putRedacted(record, key, this.base[key]);
    if (fields) for (const key of Object.keys(fields)) putRedacted(record, key, fields[key]);
    this.write(JSON.stringify(record));
  }
}

function putRedacted(record: Record<string, unknown>, key: string, value: unknown): void {
  record[key] = isSecretKey(key) ? REDACTED : redact(value, 1);
}

/** A logger that drops everything; for unit tests that do not look at logs. */
export const silentLogger: Logger = createLogger({ write: () => {} });
