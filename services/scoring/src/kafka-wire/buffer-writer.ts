/**
 * A growable big-endian writer over one reusable Buffer. `buffer` and `position` are public so the
 * record encoder can write straight into it; call `ensure` before writing past what it reserved.
 */
export class BufferWriter {
  buffer: Buffer;
  position = 0;

  constructor(initialCapacity = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialCapacity);
  }

  /** Makes room for `bytes` more bytes after `position`, keeping what was written. */
  ensure(bytes: number): void {
    const needed = this.position + bytes;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.position);
    this.buffer = grown;
  }

  reset(): void {
    this.position = 0;
  }

  /** A copy of everything written since `start` (the writer's buffer is reused afterwards). */
  copyFrom(start: number): Buffer {
    return Buffer.from(this.buffer.subarray(start, this.position));
  }

  int8(value: number): void {
    this.ensure(1);
    this.buffer.writeInt8(value, this.position);
    this.position += 1;
  }

  int16(value: number): void {
    this.ensure(2);
    this.buffer.writeInt16BE(value, this.position);
    this.position += 2;
  }

  int32(value: number): void {
    this.ensure(4);
    this.buffer.writeInt32BE(value, this.position);
    this.position += 4;
  }

  /** A safe integer as int64 (two halves: no BigInt on the hot path). */
  int64(value: number): void {
    this.ensure(8);
    this.buffer.writeInt32BE(Math.floor(value / 0x1_0000_0000), this.position);
    this.buffer.writeUInt32BE(value >>> 0, this.position + 4);
    this.position += 8;
  }

  bool(value: boolean): void {
    this.int8(value ? 1 : 0);
  }

  /** int16 length + UTF-8 bytes; `null` is length -1. */
  string(value: string | null): void {
    if (value === null) {
      this.int16(-1);
      return;
    }
    const length = Buffer.byteLength(value);
    this.int16(length);
    this.ensure(length);
    this.position += this.buffer.write(value, this.position);
  }

  /** int32 length + the bytes. */
  bytes(value: Uint8Array): void {
    this.int32(value.length);
    this.raw(value);
  }

  raw(value: Uint8Array): void {
    this.ensure(value.length);
    this.buffer.set(value, this.position);
    this.position += value.length;
  }

  /** Zigzag varint of a 32-bit signed integer (Kafka record fields). */
  varint(value: number): void {
    this.ensure(5);
    this.position = writeUnsignedVarint(this.buffer, this.position, ((value << 1) ^ (value >> 31)) >>> 0);
  }

  /** Zigzag varlong of a safe integer. */
  varlong(value: number): void {
    this.ensure(10);
    let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
    while (zigzag >= 0x80) {
      this.buffer[this.position++] = (zigzag % 0x80) | 0x80;
      zigzag = Math.floor(zigzag / 0x80);
    }
    this.buffer[this.position++] = zigzag;
  }
}

/** Writes `value` (unsigned 32-bit) as a base-128 varint at `offset`; returns the offset after it. */
export function writeUnsignedVarint(buffer: Buffer, offset: number, value: number): number {
  let rest = value >>> 0;
  while (rest >= 0x80) {
    buffer[offset++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  buffer[offset++] = rest;
  return offset;
}

/** Bytes the zigzag varint of a 32-bit signed integer takes. */
export function zigzagVarintSize(value: number): number {
  const zigzag = ((value << 1) ^ (value >> 31)) >>> 0;
  if (zigzag < 0x80) return 1;
  if (zigzag < 0x4000) return 2;
  if (zigzag < 0x20_0000) return 3;
  if (zigzag < 0x1000_0000) return 4;
  return 5;
}
