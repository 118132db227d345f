import crypto from "node:crypto";
import type Redis from "ioredis";
import { encodeMsgpackArray } from "./msgpack-array";

/**
 * Records a batch of customer events and returns, per customer, only what the caller cannot know:
 * which members were new and, when the caller's copy of the window is missing or stale, the window.
 *
 * KEYS: per customer its sorted set (member `amount|txid`, score = time) and its version key.
 * ARGV[1]: ttl. ARGV[2]: one MessagePack array holding, per customer: expected version ('' = no
 * copy), lowest score to return when the copy is stale (inclusive), trim bound (scores below it are
 * dropped), the version to set when something changes, the member count, then score/member pairs.
 * Reply per customer: {version after the batch, '0'/'1' per member (1 = recorded now), window
 * (member, score, ...) or nil when the caller's copy is current}.
 *
 * The window is read after the adds and before the trim, so the batch's own events are in it.
 */
export const RECORD_WINDOWS_LUA = `
local ttl = ARGV[1]
local args = cmsgpack.unpack(ARGV[2])
local a = 1
local out = {}
for k = 1, #KEYS, 2 do
  local z, v = KEYS[k], KEYS[k + 1]
  local expected, lowest, trimBelow, token = args[a], args[a + 1], args[a + 2], args[a + 3]
  local n = args[a + 4]
  a = a + 5
  local current = redis.call('GET', v) or ''
  local added = {}
  local changed = false
  for j = 1, n do
    local r = redis.call('ZADD', z, 'NX', args[a], args[a + 1])
    a = a + 2
    added[j] = r
    if r == 1 then changed = true end
  end
  local window = false
  if expected == '' or current ~= expected then
    window = redis.call('ZRANGEBYSCORE', z, lowest, '+inf', 'WITHSCORES')
  end
  if changed or current == '' then
    current = token
    redis.call('SET', v, token, 'EX', ttl)
  else
    redis.call('EXPIRE', v, ttl)
  end
  redis.call('ZREMRANGEBYSCORE', z, '-inf', '(' .. string.format('%.17g', trimBelow))
  redis.call('EXPIRE', z, ttl)
  out[#out + 1] = {current, table.concat(added, ''), window}
end
return out
`;

const SHA1 = crypto.createHash("sha1").update(RECORD_WINDOWS_LUA).digest("hex");

/** One customer's part of the script call. */
export interface CustomerRecordRequest {
  zsetKey: string;
  versionKey: string;
  expectedVersion: string;
  lowestScore: number;
  trimBelow: number;
  newVersion: string;
  /** score/member pairs, flattened. */
  scoredMembers: (string | number)[];
}

export interface CustomerRecordReply {
  version: string;
  /** '1' at j when the j-th member was recorded by this call. */
  added: string;
  /** Flattened (member, score) pairs, or null when the expected version was current. */
  window: string[] | null;
}

/**
 * Records a batch in one round trip: the customers are split into script calls of at most
 * `maxEventsPerCall` events (a customer is never split), all sent before any reply is awaited. A
 * script blocks Redis while it runs, so bounded calls let other clients (the HTTP path) in between
 * the chunks of a large stream batch. EVALSHA first; the script body is sent only when Redis does
 * not have it cached (after a restart or SCRIPT FLUSH).
 */
export async function recordWindows(
  redis: Redis,
  ttlSeconds: number,
  customers: readonly CustomerRecordRequest[],
  maxEventsPerCall: number,
): Promise<CustomerRecordReply[]> {
  const chunks: CustomerRecordRequest[][] = [];
  let events = Infinity;
  for (const c of customers) {
    const count = c.scoredMembers.length / 2;
    if (events + count > maxEventsPerCall) {
      chunks.push([]);
      events = 0;
    }
    chunks[chunks.length - 1]!.push(c);
    events += count;
  }
  const replies = await Promise.all(chunks.map((chunk) => runScript(redis, ttlSeconds, chunk)));
  return replies.flat();
}

async function runScript(
  redis: Redis,
  ttlSeconds: number,
  customers: readonly CustomerRecordRequest[],
): Promise<CustomerRecordReply[]> {
  const call: (string | number | Buffer)[] = [SHA1, customers.length * 2];
  for (const c of customers) call.push(c.zsetKey, c.versionKey);
  const packed: (string | number)[] = [];
  for (const c of customers) {
    packed.push(c.expectedVersion, c.lowestScore, c.trimBelow, c.newVersion, c.scoredMembers.length / 2);
    for (const x of c.scoredMembers) packed.push(x);
  }
  call.push(ttlSeconds, encodeMsgpackArray(packed));
  let raw: unknown;
  try {
    raw = await redis.call("EVALSHA", call);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    call[0] = RECORD_WINDOWS_LUA;
    raw = await redis.call("EVAL", call);
  }
  const replies = raw as [string, string, string[] | null][];
  if (!Array.isArray(replies) || replies.length !== customers.length) {
    throw new Error(
      `window script returned ${Array.isArray(replies) ? replies.length : typeof replies} replies for ${customers.length} customers`,
    );
  }
  return replies.map(([version, added, window]) => ({ version, added, window: window ?? null }));
}
