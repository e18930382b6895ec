import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED } from './logger';

function capture() {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'debug', write: (line) => lines.push(line) }) };
}

describe('logger redaction', () => {
  it('redacts secret-named fields at any depth and keeps the rest', () => {
    const { lines, log } = capture();
    log.info('call', { headers: { Authorization: 'Bearer x', accept: 'json' }, body: { input: { code: '418302' } }, password: 'hunter2' });
    const record = JSON.parse(lines[0]!);
    expect(record.headers).toEqual({ Authorization: REDACTED, accept: 'json' });
    expect(record.body.input).toBe(REDACTED);
    expect(record.password).toBe(REDACTED);
  });

  it('redacts key-shaped values under innocent names', () => {
    const { lines, log } = capture();
    log.warn('oops', { note: 'key was sk_live_abcdef123456 and whsec_c2VjcmV0' });
    expect(lines[0]).not.toContain('sk_live_abcdef123456');
    expect(lines[0]).not.toContain('whsec_c2VjcmV0');
  });

  it('keeps error codes readable', () => {
    const { lines, log } = capture();
    log.warn('failed', { code: 'upstream_timeout' });
    expect(JSON.parse(lines[0]!).code).toBe('upstream_timeout');
  });

  it('drops records below the level and carries child fields', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (line) => lines.push(line) }).child({ requestId: 'rw_1' });
    log.info('quiet');
    log.error('loud');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', msg: 'loud', requestId: 'rw_1' });
  });

  it("lets a line's fields win over inherited ones and redacts inherited secrets too", () => {
    const { lines, log } = capture();
    const child = log.child({ component: 'upstream', apiKey: 'sk_live_inherited0123', user: 'u_1' }).child({ requestId: 'rw_2' });
    child.info('call sk_live_inmessage0123', { user: 'u_2', cache: undefined });
    const record = JSON.parse(lines[0]!);
    expect(Object.keys(record)).toEqual(['time', 'level', 'msg', 'component', 'apiKey', 'user', 'requestId']);
    expect(record).toMatchObject({ component: 'upstream', apiKey: REDACTED, user: 'u_2', requestId: 'rw_2' });
    expect(lines[0]).not.toContain('sk_live_');
  });
});
