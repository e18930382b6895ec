import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { ContentCoding } from '../http/accept-encoding';

/**
 * A response body whose large head is encoded once and shared, with a small tail appended per
 * response: a run's JSON is the same for every viewer within a reuse window, only its freshness
 * (age, stale) differs. The head is compressed with a flush instead of a finish, so the stream
 * stays open and byte-aligned; each response then closes it with its tail as an uncompressed
 * block (a deflate stored block for gzip, an uncompressed meta-block for brotli) and, for gzip,
 * the checksum and length trailer. The result decodes like any gzip or brotli body.
 */

export interface EncodedHead {
  coding: ContentCoding | null;
  /** The head as sent: plain, or a gzip/brotli stream flushed but not finished. */
  bytes: Buffer;
  /** CRC-32 and byte length of the plain head (the gzip trailer covers head and tail). */
  crc: number;
  plainLength: number;
}

/** Up to this size a head is compressed inline; larger ones (a 5 MB output) go through the thread pool. */
const INLINE_MAX_BYTES = 64 * 1024;
/** Fast brotli: the head is compressed on the event loop's watch, and level 5 still beats gzip on JSON. */
const BROTLI_QUALITY = 5;
const STORED_BLOCK_MAX = 0xffff;
/** ID1 ID2, deflate, no flags, no mtime, no extra flags, OS unknown. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);

const deflateRawAsync = promisify(zlib.deflateRaw);
const brotliAsync = promisify(zlib.brotliCompress);

export async function encodeHead(plain: Buffer, coding: ContentCoding | null): Promise<EncodedHead> {
  const crc = coding === 'gzip' ? zlib.crc32(plain) : 0;
  const base = { coding, crc, plainLength: plain.length };
  if (coding === null) return { ...base, bytes: plain };
  const inline = plain.length <= INLINE_MAX_BYTES;
  if (coding === 'gzip') {
    const options: zlib.ZlibOptions = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
    const deflated = inline ? zlib.deflateRawSync(plain, options) : await deflateRawAsync(plain, options);
    return { ...base, bytes: Buffer.concat([GZIP_HEADER, deflated]) };
  }
  const options: zlib.BrotliOptions = {
    finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
    },
  };
  return { ...base, bytes: inline ? zlib.brotliCompressSync(plain, options) : await brotliAsync(plain, options) };
}

/** The whole body: the shared head, then this response's tail, closing the stream. */
export function completeBody(head: EncodedHead, tail: string): Buffer {
  const plainTail = Buffer.from(tail);
  if (head.coding === null) return Buffer.concat([head.bytes, plainTail]);
  if (head.coding === 'gzip') {
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(zlib.crc32(plainTail, head.crc), 0);
    trailer.writeUInt32LE((head.plainLength + plainTail.length) % 2 ** 32, 4);
    return Buffer.concat([head.bytes, ...storedBlocks(plainTail), trailer]);
  }
  return Buffer.concat([head.bytes, ...brotliUncompressedBlocks(plainTail), BROTLI_LAST_EMPTY]);
}

/** Deflate stored blocks (RFC 1951 §3.2.4), the last one final. */
function storedBlocks(data: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length || at === 0; at += STORED_BLOCK_MAX) {
    const chunk = data.subarray(at, at + STORED_BLOCK_MAX);
    const final = at + STORED_BLOCK_MAX >= data.length;
    const header = Buffer.alloc(5);
    header[0] = final ? 0x01 : 0x00;
    header.writeUInt16LE(chunk.length, 1);
    header.writeUInt16LE(~chunk.length & 0xffff, 3);
    parts.push(header, chunk);
    if (final) break;
  }
  return parts;
}

/** ISLAST = 1, ISLASTEMPTY = 1: the end of a brotli stream (RFC 7932 §9.2). */
const BROTLI_LAST_EMPTY = Buffer.from([0x03]);

/**
 * Uncompressed brotli meta-blocks (RFC 7932 §9.2): ISLAST 0, MNIBBLES 4, MLEN − 1 in 16 bits,
 * ISUNCOMPRESSED 1, padded to a byte, then the bytes as they are.
 */
function brotliUncompressedBlocks(data: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length; at += 0x10000) {
    const chunk = data.subarray(at, at + 0x10000);
    const bits = ((chunk.length - 1) << 3) | (1 << 19);
    parts.push(Buffer.from([bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff]), chunk);
  }
  return parts;
}
