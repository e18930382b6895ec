import { describe, expect, it } from 'vitest';
import { appendToZip, crc32 } from './zip-append';

/** An empty zip: just the end-of-central-directory record. */
function emptyZip(): Blob {
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  return new Blob([end.buffer]);
}

/** Reads every entry back through the central directory, as an unzip tool does. */
async function entries(zip: Blob): Promise<Array<{ name: string; text: string; crcOk: boolean }>> {
  const bytes = new Uint8Array(await zip.arrayBuffer());
  const view = new DataView(bytes.buffer);
  const endAt = bytes.byteLength - 22;
  expect(view.getUint32(endAt, true)).toBe(0x06054b50);
  const count = view.getUint16(endAt + 10, true);
  let at = view.getUint32(endAt + 16, true);
  const out = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const offset = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    expect(view.getUint32(offset, true)).toBe(0x04034b50);
    const dataAt = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    const data = bytes.subarray(dataAt, dataAt + size);
    out.push({ name, text: new TextDecoder().decode(data), crcOk: crc32(data) === crc });
    at += 46 + nameLength;
  }
  return out;
}

describe('appending to a zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('adds files after the existing ones, each readable through the central directory', async () => {
    const first = await appendToZip(emptyZip(), 'bundle.json', new TextEncoder().encode('{"a":1}'));
    const second = await appendToZip(first!, 'SUMMARY.md', new TextEncoder().encode('### Run `trun_x` — Failed\n'));
    expect(await entries(second!)).toEqual([
      { name: 'bundle.json', text: '{"a":1}', crcOk: true },
      { name: 'SUMMARY.md', text: '### Run `trun_x` — Failed\n', crcOk: true },
    ]);
  });

  it('leaves anything that is not a plain zip alone', async () => {
    expect(await appendToZip(new Blob(['{"error":{}}']), 'SUMMARY.md', new Uint8Array(1))).toBeNull();
    const withComment = new Uint8Array(await emptyZip().arrayBuffer());
    new DataView(withComment.buffer).setUint16(20, 3, true);
    expect(await appendToZip(new Blob([withComment, 'abc']), 'SUMMARY.md', new Uint8Array(1))).toBeNull();
  });
});
