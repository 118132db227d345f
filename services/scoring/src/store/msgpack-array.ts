import { Encoder } from "@msgpack/msgpack";

/**
 * Every number as float64 (so every JS number round-trips exactly, integers included), strings as
 * MessagePack str: what the Redis scripts read with `cmsgpack.unpack`. One encoder, reused.
 */
const encoder = new Encoder({ forceIntegerToFloat: true });

/**
 * Encodes one MessagePack array of strings and numbers for a Redis script. One argument of this
 * replaces thousands of separate ones: building and sending those dominated the client's CPU.
 */
export function encodeMsgpackArray(items: readonly (string | number)[]): Buffer {
  const bytes = encoder.encode(items);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
