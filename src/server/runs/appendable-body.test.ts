import zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeBody, encodeHead } from './appendable-body';

function decode(body: Buffer, coding: 'gzip' | 'br' | null): string {
  if (coding === 'gzip') return zlib.gunzipSync(body).toString();
  if (coding === 'br') return zlib.brotliDecompressSync(body).toString();
  return body.toString();
}

describe('a shared head with a tail per response', () => {
  it('decodes to head and tail, whatever the coding and sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 3000 }),
        fc.string({ maxLength: 300 }),
        fc.constantFrom('gzip' as const, 'br' as const, null),
        async (head, tail, coding) => {
          const encoded = await encodeHead(Buffer.from(head), coding);
          expect(decode(completeBody(encoded, tail), coding)).toBe(head + tail);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('handles a head compressed off the event loop and a tail longer than one uncompressed block', async () => {
    const head = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ i, word: `item-${i % 97}` })));
    const tail = 'x'.repeat(70_000) + 'é';
    for (const coding of ['gzip', 'br', null] as const) {
      const encoded = await encodeHead(Buffer.from(head), coding);
      expect(decode(completeBody(encoded, tail), coding)).toBe(head + tail);
    }
  });

  it('leaves the shared head untouched: two tails on one head both decode, and the head bytes lead both bodies', async () => {
    const head = '{"run":' + JSON.stringify({ output: 'o'.repeat(5000) }) + ',"freshness":';
    for (const coding of ['gzip', 'br'] as const) {
      const encoded = await encodeHead(Buffer.from(head), coding);
      const first = completeBody(encoded, '{"ageSeconds":0.1}}');
      const second = completeBody(encoded, '{"ageSeconds":12.5}}');
      expect(JSON.parse(decode(first, coding))).toEqual({ run: { output: 'o'.repeat(5000) }, freshness: { ageSeconds: 0.1 } });
      expect(JSON.parse(decode(second, coding))).toEqual({ run: { output: 'o'.repeat(5000) }, freshness: { ageSeconds: 12.5 } });
      expect(first.subarray(0, encoded.bytes.length).equals(encoded.bytes)).toBe(true);
      expect(second.subarray(0, encoded.bytes.length).equals(encoded.bytes)).toBe(true);
      // Compressed for real: the head is far smaller than 5 kB of the same letter.
      expect(encoded.bytes.length).toBeLessThan(500);
    }
  });
});
