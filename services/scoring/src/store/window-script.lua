-- Customer windows for a batch of transactions, in one round trip.
-- KEYS: per event, the customer's sorted set (member "amount|txid", score = tx time) then the
--       customer's id hash (txid -> member), used to add each transaction id only once.
-- ARGV: nWindows, window seconds..., trim seconds (largest window + lateness), ttl seconds,
--       then per event: txid, time, amount.
-- Returns per event: count and sum (as a %.17g string) for every window.
-- Same-second ties follow the batch job: a window holds the same-second transactions whose id is
-- <= the current id (ids of digits only compare as numbers, others as strings), so the value does not
-- depend on arrival order.
local nw = tonumber(ARGV[1])
local windows = {}
for i = 1, nw do windows[i] = tonumber(ARGV[1 + i]) end
local maxw = windows[nw]
local trim = tonumber(ARGV[nw + 2])
local ttl = tonumber(ARGV[nw + 3])
local base = nw + 3
local function id_le(a, b)
  if string.match(a, '^%d+$') and string.match(b, '^%d+$') then return tonumber(a) <= tonumber(b) end
  return a <= b
end
local out = {}
local nevents = #KEYS / 2
for e = 0, nevents - 1 do
  local zk = KEYS[2 * e + 1]
  local hk = KEYS[2 * e + 2]
  local id = ARGV[base + 3 * e + 1]
  local t = tonumber(ARGV[base + 3 * e + 2])
  local amount = ARGV[base + 3 * e + 3]
  local member = amount .. '|' .. id
  if redis.call('HSETNX', hk, id, member) == 1 then
    redis.call('ZADD', zk, t, member)
    local old = redis.call('ZRANGEBYSCORE', zk, '-inf', '(' .. (t - trim))
    if #old > 0 then
      local ids = {}
      for i, m in ipairs(old) do ids[i] = string.sub(m, string.find(m, '|', 1, true) + 1) end
      redis.call('HDEL', hk, unpack(ids))
      redis.call('ZREMRANGEBYSCORE', zk, '-inf', '(' .. (t - trim))
    end
    redis.call('EXPIRE', zk, ttl)
    redis.call('EXPIRE', hk, ttl)
  end
  local entries = redis.call('ZRANGEBYSCORE', zk, '(' .. (t - maxw), t, 'WITHSCORES')
  local counts = {}
  local sums = {}
  for i = 1, nw do counts[i] = 0; sums[i] = 0 end
  for j = 1, #entries, 2 do
    local m = entries[j]
    local ts = tonumber(entries[j + 1])
    local bar = string.find(m, '|', 1, true)
    if ts < t or id_le(string.sub(m, bar + 1), id) then
      local a = tonumber(string.sub(m, 1, bar - 1))
      for i = 1, nw do
        if ts > t - windows[i] then
          counts[i] = counts[i] + 1
          sums[i] = sums[i] + a
        end
      end
    end
  end
  for i = 1, nw do
    out[#out + 1] = counts[i]
    out[#out + 1] = string.format('%.17g', sums[i])
  end
end
return out
