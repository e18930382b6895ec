import { describe, expect, it } from 'vitest';
import { parseLookupInput } from './parse-lookup-input';

describe('parseLookupInput', () => {
  it('finds a bare run id', () => {
    expect(parseLookupInput('  trun_9Qm2Lx7Pa4 ')).toEqual({ kind: 'run', id: 'trun_9Qm2Lx7Pa4' });
  });

  it('finds a bare request id', () => {
    expect(parseLookupInput('req_4kT8sW1nQe')).toEqual({ kind: 'request', id: 'req_4kT8sW1nQe' });
  });

  it('finds the id inside a link', () => {
    expect(parseLookupInput('https://console.example.com/runs/trun_ab12-cd_34?tab=files')).toEqual({ kind: 'run', id: 'trun_ab12-cd_34' });
  });

  it('finds the id inside a support message', () => {
    expect(parseLookupInput('Hi, my request (req_Zz9) failed yesterday, can you check?')).toEqual({ kind: 'request', id: 'req_Zz9' });
  });

  it('treats blank input as empty', () => {
    expect(parseLookupInput('   ')).toEqual({ kind: 'empty' });
  });

  it.each(['hello', 'task_abc123', 'trun_', 'TRUN_abc', 'sk_live_abc', 'trun_-abc'])('rejects %j and explains the accepted formats', (text) => {
    const result = parseLookupInput(text);
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.message).toMatch(/run ID \(trun_…\).*request ID \(req_…\)/);
  });

  it('rejects an id longer than the allow-list permits instead of truncating it', () => {
    const result = parseLookupInput(`trun_${'a'.repeat(120)}`);
    expect(result.kind).toBe('invalid');
  });

  it('rejects absurdly long input', () => {
    expect(parseLookupInput(`trun_abc ${'x'.repeat(5000)}`).kind).toBe('invalid');
  });
});
