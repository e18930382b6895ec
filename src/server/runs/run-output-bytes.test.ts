import { describe, expect, it } from 'vitest';
import type { RunView } from '@/contract/bff';
import { OUTPUT_INLINE_MAX_BYTES, runViewForResponse } from './run-output-bytes';

// Only the output matters here; the rest of the view passes through untouched.
const viewWith = (output: unknown) => ({ id: 'trun_Output01', status: 'completed', output }) as unknown as RunView;

describe('runViewForResponse', () => {
  it('leaves a large output out and says how large it was', () => {
    const output = { rows: 'x'.repeat(OUTPUT_INLINE_MAX_BYTES) };
    const shown = runViewForResponse(viewWith(output));
    expect(shown.output).toBeNull();
    expect(shown.outputOmitted).toEqual({ bytes: Buffer.byteLength(JSON.stringify(output)), reason: 'too_large' });
    expect(shown.id).toBe('trun_Output01');
  });

  it('keeps a small output inline', () => {
    const view = viewWith({ balance: 12 });
    expect(runViewForResponse(view)).toBe(view);
  });

  it('answers a view asked again as the first time: the view itself, or the same view without its output', () => {
    const small = viewWith({ balance: 12 });
    expect(runViewForResponse(small)).toBe(small);
    expect(runViewForResponse(small)).toBe(small);
    const large = viewWith({ rows: 'x'.repeat(OUTPUT_INLINE_MAX_BYTES) });
    const shown = runViewForResponse(large);
    expect(shown).not.toBe(large);
    expect(runViewForResponse(large)).toBe(shown);
  });

  it('keeps an encrypted output inline however large, so it is still shown as encrypted', () => {
    const view = viewWith(`enc_${'A'.repeat(OUTPUT_INLINE_MAX_BYTES)}`);
    const shown = runViewForResponse(view);
    expect(shown.output).toBe(view.output);
    expect(shown.outputOmitted).toBeUndefined();
  });
});
