import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * Encodes 8-bit RGB pixels as a PNG. `padToBytes` adds a tEXt comment so the file is exactly that
 * long (when it is not already longer): the listed `file_size` then matches the bytes served.
 */
export function encodePng(width: number, height: number, rgb: Uint8Array, options: { padToBytes?: number } = {}): Buffer {
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  header[10] = 0;
  header[11] = 0;
  header[12] = 0;
  const parts = [PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 6 }))];
  const end = chunk('IEND', Buffer.alloc(0));

  const unpadded = parts.reduce((sum, part) => sum + part.length, 0) + end.length;
  const commentOverhead = 12 + 'Comment\0'.length;
  if (options.padToBytes !== undefined && options.padToBytes >= unpadded + commentOverhead) {
    const text = 'Comment\0' + ' '.repeat(options.padToBytes - unpadded - commentOverhead);
    parts.push(chunk('tEXt', Buffer.from(text, 'latin1')));
  }
  return Buffer.concat([...parts, end]);
}
