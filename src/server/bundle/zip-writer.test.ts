import { describe, expect, it } from 'vitest';
import { readZip } from './read-zip';
import { ZipWriter } from './zip-writer';

async function zipOf(entries: Array<[string, Uint8Array, boolean]>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const zip = new ZipWriter((chunk) => void chunks.push(chunk), new Date('2026-03-02T09:40:08Z'));
  for (const [name, data, compress] of entries) await zip.add(name, data, { compress });
  await zip.finish();
  return Buffer.concat(chunks);
}

describe('zip writer', () => {
  const json = Buffer.from(JSON.stringify({ hello: 'wörld', list: Array.from({ length: 200 }, (_, i) => i) }));
  const image = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256));

  it('writes deflated and stored entries that read back byte for byte', async () => {
    const files = readZip(
      await zipOf([
        ['screenshots/001.png', image, false],
        ['bundle.json', json, true],
      ]),
    );
    expect([...files.keys()]).toEqual(['screenshots/001.png', 'bundle.json']);
    expect(files.get('screenshots/001.png')!.equals(image)).toBe(true);
    expect(files.get('bundle.json')!.equals(json)).toBe(true);
  });

  it('deflates text entries', async () => {
    const zip = await zipOf([['bundle.json', json, true]]);
    expect(zip.byteLength).toBeLessThan(json.byteLength);
  });

  it('reports a damaged entry instead of returning wrong bytes', async () => {
    const zip = await zipOf([['a.bin', image, false]]);
    zip[40] = (zip[40]! + 1) % 256; // inside the stored data
    expect(() => readZip(zip)).toThrow(/CRC/);
  });
});
