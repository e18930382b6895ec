import { inflateSync } from 'node:zlib';
import { crc32 } from '../png/crc32';

export interface PngChunk {
  type: string;
  data: Buffer;
  crcValid: boolean;
}

/** Splits a PNG into chunks (checking each CRC); throws when the signature is wrong. */
export function readPngChunks(bytes: Buffer): PngChunk[] {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature)) throw new Error('not a PNG signature');
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const typeAndData = bytes.subarray(offset + 4, offset + 8 + length);
    const crc = bytes.readUInt32BE(offset + 8 + length);
    chunks.push({ type: typeAndData.subarray(0, 4).toString('latin1'), data: Buffer.from(typeAndData.subarray(4)), crcValid: crc32(typeAndData) === crc });
    offset += 12 + length;
  }
  return chunks;
}

export function decodedPixelBytes(chunks: PngChunk[]): number {
  const idat = Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data));
  return inflateSync(idat).length;
}
