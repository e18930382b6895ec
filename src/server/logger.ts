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
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names whose values are secrets wherever they appear. */
// Interaction answers travel under `input`/`inputs`; error codes under `code` stay readable.
const SECRET_KEY_PATTERN = /authorization|cookie|password|passphrase|secret|api[_-]?key|^token$|access[_-]?token|answer|^inputs?$/i;
/** Secret-looking values, redacted even under an innocent field name. */
const SECRET_VALUE_PATTERN = /\b(sk_(live|test)_[A-Za-z0-9_-]+|whsec_[A-Za-z0-9+/=_-]+)/g;

export const REDACTED = '[redacted]';

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (typeof value === 'string') return value.replace(SECRET_VALUE_PATTERN, REDACTED);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY_PATTERN.test(k) ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

export function createLogger(options: {
  level?: LogLevel;
  write?: (line: string) => void;
  base?: LogFields;
} = {}): Logger {
  const minimum = LEVEL_ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const base = options.base ?? {};

  const log = (level: LogLevel, message: string, fields?: LogFields) => {
    if (LEVEL_ORDER[level] < minimum) return;
    const record = redact({ time: new Date().toISOString(), level, msg: message, ...base, ...fields });
    write(JSON.stringify(record));
  };

  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  };
}

/** A logger that drops everything; for unit tests that do not look at logs. */
export const silentLogger: Logger = createLogger({ write: () => {} });
