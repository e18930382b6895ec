import { describe, expect, it } from 'vitest';
import { makeRun } from '../testing/run-fixtures';
import { summarizeRun } from './run-summary';

describe('summarizeRun', () => {
  it('leads a failure with how long it ran and the explained first error', () => {
    const run = makeRun({
      status: 'failed',
      result: 'failure',
      runtimeMs: 263_004,
      errors: [{ type: 'auth', code: 'auth_invalid', message: 'x', field: null }],
    });
    expect(summarizeRun(run, { code: 'auth_invalid', headline: 'the website rejected the stored credentials' })).toBe(
      'Failed after 4 m 23 s — the website rejected the stored credentials (auth_invalid).',
    );
  });

  it('counts further errors without listing them', () => {
    const run = makeRun({
      status: 'failed',
      runtimeMs: 1_000,
      errors: [
        { type: 'source', code: 'source_error', message: '', field: null },
        { type: 'api', code: 'api_error', message: '', field: null },
      ],
    });
    expect(summarizeRun(run, { code: 'source_error', headline: 'the website failed' })).toBe('Failed after 1 s — the website failed (source_error, +1 more).');
  });

  it('never calls a completed run a success unless the result says so', () => {
    expect(summarizeRun(makeRun({ status: 'completed', result: 'success', runtimeMs: 96_411 }), null)).toBe(
      'Completed in 1 m 36 s — the agent reports success.',
    );
    expect(summarizeRun(makeRun({ status: 'completed', result: 'unknown', runtimeMs: 1_000 }), null)).toContain('outcome unknown');
    expect(summarizeRun(makeRun({ status: 'completed', result: 'failure', runtimeMs: 1_000 }), null)).toContain('reports failure');
    expect(summarizeRun(makeRun({ status: 'completed', result: null, runtimeMs: 1_000 }), null)).toContain('no result was reported');
  });

  it('says what a paused run is waiting for', () => {
    const run = makeRun({ status: 'interaction_required', interaction: { promptId: 'p1', type: 'mfa', message: '', fields: [] } });
    expect(summarizeRun(run, null)).toBe('Waiting for a person — the website asked for a one-time code.');
    const other = makeRun({ status: 'interaction_required', interaction: { promptId: 'p2', type: 'captcha_v9', message: '', fields: [] } });
    expect(summarizeRun(other, null)).toContain('input from a person');
  });

  it('describes review, cancel and queue states', () => {
    expect(summarizeRun(makeRun({ status: 'review_required', runtimeMs: 5_000 }), null)).toContain('awaiting review');
    expect(summarizeRun(makeRun({ status: 'canceling' }), null)).toContain('Canceling');
    expect(summarizeRun(makeRun({ status: 'canceled', runtimeMs: null }), null)).toBe('Canceled before it started.');
    expect(summarizeRun(makeRun({ status: 'queued', runtimeMs: null }), null)).toContain('Queued');
  });

  it('shows an unrecognised status raw and says the run is not treated as finished', () => {
    const text = summarizeRun(makeRun({ status: null, upstreamStatus: 'paused_for_audit' }), null);
    expect(text).toContain('“paused_for_audit”');
    expect(text).toContain('not finished');
  });
});
