/** Reads a big-endian Kafka response body; throws when it runs past the end (a truncated response). */
export class BufferReader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  private take(bytes: number): number {
    const at = this.offset;
    if (at + bytes > this.buffer.length)
      throw new Error(`response truncated: wanted ${bytes} bytes at ${at} of ${this.buffer.length}`);
    this.offset += bytes;
    return at;
  }

  int8(): number {
    return this.buffer.readInt8(this.take(1));
  }

  int16(): number {
    return this.buffer.readInt16BE(this.take(2));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.take(4));
  }

  int64(): bigint {
    return this.buffer.readBigInt64BE(this.take(8));
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const at = this.take(length);
    return this.buffer.toString("utf8", at, at + length);
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new Error("response has a null string where one is required");
    return value;
  }

  /** An int32-counted array; a null array (-1) reads as empty. */
  array<T>(readItem: (reader: BufferReader) => T): T[] {
    const count = this.int32();
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(readItem(this));
    return items;
  }
}
