/**
 * Adds one stored (uncompressed) file to the end of a zip without reading the rest of it: the new
 * entry goes where the central directory was, followed by the old directory, the new file's record
 * and a new end record. Works for zips without an archive comment and without zip64 (what
 * `GET /api/runs/:runId/bundle` sends); returns null for anything else, so the caller keeps the
 * zip as it came.
 */

const END_OF_CENTRAL = 0x06054b50;
const END_LENGTH = 22;
const UTF8_NAMES = 0x0800;

let crcTable: Uint32Array | null = null;

export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function dosDateTime(at: Date): { time: number; date: number } {
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((Math.max(1980, at.getUTCFullYear()) - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

export async function appendToZip(zip: Blob, name: string, data: Uint8Array, at: Date = new Date()): Promise<Blob | null> {
  if (zip.size < END_LENGTH) return null;
  const end = new DataView(await zip.slice(zip.size - END_LENGTH).arrayBuffer());
  if (end.getUint32(0, true) !== END_OF_CENTRAL || end.getUint16(20, true) !== 0) return null;
  const count = end.getUint16(10, true);
  const directorySize = end.getUint32(12, true);
  const directoryAt = end.getUint32(16, true);
  if (count === 0xffff || directoryAt + directorySize + END_LENGTH !== zip.size) return null;

  const nameBytes = new TextEncoder().encode(name);
  const crc = crc32(data);
  const { time, date } = dosDateTime(at);

  const local = new DataView(new ArrayBuffer(30));
  local.setUint32(0, 0x04034b50, true);
  local.setUint16(4, 20, true);
  local.setUint16(6, UTF8_NAMES, true);
  local.setUint16(8, 0, true); // stored
  local.setUint16(10, time, true);
  local.setUint16(12, date, true);
  local.setUint32(14, crc, true);
  local.setUint32(18, data.byteLength, true);
  local.setUint32(22, data.byteLength, true);
  local.setUint16(26, nameBytes.byteLength, true);

  const central = new DataView(new ArrayBuffer(46));
  central.setUint32(0, 0x02014b50, true);
  central.setUint16(4, 20, true);
  central.setUint16(6, 20, true);
  central.setUint16(8, UTF8_NAMES, true);
  central.setUint16(12, time, true);
  central.setUint16(14, date, true);
  central.setUint32(16, crc, true);
  central.setUint32(20, data.byteLength, true);
  central.setUint32(24, data.byteLength, true);
  central.setUint16(28, nameBytes.byteLength, true);
  central.setUint32(42, directoryAt, true);

  const entryLength = 30 + nameBytes.byteLength + data.byteLength;
  const newEnd = new DataView(new ArrayBuffer(END_LENGTH));
  newEnd.setUint32(0, END_OF_CENTRAL, true);
  newEnd.setUint16(8, count + 1, true);
  newEnd.setUint16(10, count + 1, true);
  newEnd.setUint32(12, directorySize + 46 + nameBytes.byteLength, true);
  newEnd.setUint32(16, directoryAt + entryLength, true);

  return new Blob(
    [
      zip.slice(0, directoryAt),
      local.buffer,
      nameBytes,
      data,
      zip.slice(directoryAt, directoryAt + directorySize),
      central.buffer,
      nameBytes,
      newEnd.buffer,
    ] as BlobPart[],
    { type: 'application/zip' },
  );
}
