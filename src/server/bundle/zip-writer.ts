import zlib from 'node:zlib';

/**
 * A minimal streaming zip writer (PKWARE APPNOTE 6.3): entries are written one after another as
 * they become available, each with its size and CRC known up front (the caller holds one entry's
 * bytes at a time), then the central directory. Text entries are deflated; images are stored as
 * they are, since PNG and JPEG are compressed already. No zip64: the bundle caps keep a zip far
 * below 4 GiB.
 */

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const VERSION = 20;
/** General purpose flag bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;
const STORED = 0;
const DEFLATED = 8;
const MAX_ENTRIES = 0xffff;

interface CentralRecord {
  name: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  dosTime: number;
  dosDate: number;
}

export class ZipWriter {
  readonly #records: CentralRecord[] = [];
  #offset = 0;

  constructor(
    private readonly write: (chunk: Uint8Array) => void | Promise<void>,
    private readonly now: Date = new Date(),
  ) {}

  /** Adds one file. `compress` deflates it (text); otherwise the bytes are stored as they are. */
  async add(name: string, data: Uint8Array, options: { compress: boolean }): Promise<void> {
    if (this.#records.length >= MAX_ENTRIES) throw new Error('too many zip entries');
    const nameBytes = Buffer.from(name, 'utf8');
    const body = options.compress ? zlib.deflateRawSync(data) : data;
    const { dosTime, dosDate } = dosDateTime(this.now);
    const record: CentralRecord = {
      name: nameBytes,
      method: options.compress ? DEFLATED : STORED,
      crc: zlib.crc32(data),
      compressedSize: body.byteLength,
      size: data.byteLength,
      offset: this.#offset,
      dosTime,
      dosDate,
    };
    if (this.#offset + 30 + nameBytes.length + body.byteLength > 0xffffffff) throw new Error('zip too large');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(VERSION, 4);
    header.writeUInt16LE(UTF8_NAMES, 6);
    header.writeUInt16LE(record.method, 8);
    header.writeUInt16LE(dosTime, 10);
    header.writeUInt16LE(dosDate, 12);
    header.writeUInt32LE(record.crc, 14);
    header.writeUInt32LE(record.compressedSize, 18);
    header.writeUInt32LE(record.size, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    await this.#emit(header);
    await this.#emit(nameBytes);
    await this.#emit(body);
    this.#records.push(record);
  }

  /** Writes the central directory; nothing may be added afterwards. */
  async finish(): Promise<void> {
    const start = this.#offset;
    for (const r of this.#records) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(CENTRAL_HEADER, 0);
      header.writeUInt16LE(VERSION, 4);
      header.writeUInt16LE(VERSION, 6);
      header.writeUInt16LE(UTF8_NAMES, 8);
      header.writeUInt16LE(r.method, 10);
      header.writeUInt16LE(r.dosTime, 12);
      header.writeUInt16LE(r.dosDate, 14);
      header.writeUInt32LE(r.crc, 16);
      header.writeUInt32LE(r.compressedSize, 20);
      header.writeUInt32LE(r.size, 24);
      header.writeUInt16LE(r.name.length, 28);
      // extra, comment, disk number, internal attributes: 0
      header.writeUInt32LE(0, 38); // external attributes
      header.writeUInt32LE(r.offset, 42);
      await this.#emit(header);
      await this.#emit(r.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL, 0);
    end.writeUInt16LE(this.#records.length, 8);
    end.writeUInt16LE(this.#records.length, 10);
    end.writeUInt32LE(this.#offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.#emit(end);
  }

  async #emit(chunk: Uint8Array): Promise<void> {
    if (chunk.byteLength === 0) return;
    this.#offset += chunk.byteLength;
    await this.write(chunk);
  }
}

/** MS-DOS date and time fields (local time by convention; UTC here, so a bundle reads the same everywhere). */
function dosDateTime(at: Date): { dosTime: number; dosDate: number } {
  const year = Math.max(1980, at.getUTCFullYear());
  return {
    dosTime: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    dosDate: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}
