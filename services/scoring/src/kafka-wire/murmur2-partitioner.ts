/**
 * Kafka's default keyed partitioner (Java client and kafkajs DefaultPartitioner):
 * (murmur2(keyBytes) & 0x7fffffff) % numPartitions, so keys land where other clients put them.
 */
const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Java's Utils.murmur2 over the UTF-8 bytes of `key`, as a signed 32-bit integer. */
export function murmur2(key: string | Uint8Array): number {
  if (typeof key !== "string") return murmur2Bytes(key, key.length);
  const asciiLength = copyAscii(key);
  if (asciiLength < 0) return murmur2(Buffer.from(key));
  return murmur2Bytes(scratch, asciiLength);
}

function murmur2Bytes(data: Uint8Array, length: number): number {
  let h = SEED ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & ~3;
  const extra = length % 4;
  if (extra >= 3) h ^= data[tail + 2]! << 16;
  if (extra >= 2) h ^= data[tail + 1]! << 8;
  if (extra >= 1) h = Math.imul(h ^ data[tail]!, M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

const scratch = new Uint8Array(256);

/** Copies a short ASCII key (customer ids) into the reused scratch array: its length, or -1 if it is not one. */
function copyAscii(key: string): number {
  if (key.length > scratch.length) return -1;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code >= 0x80) return -1;
    scratch[i] = code;
  }
  return key.length;
}

export function partitionForKey(key: string, numPartitions: number): number {
  return (murmur2(key) & 0x7fffffff) % numPartitions;
}
