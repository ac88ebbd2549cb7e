/**
 * Atomic merge of one token event into a record hash (see record-fields.ts for the fields).
 * KEYS: record, tenant set, schedule, leases.
 * ARGV: version (issuedAt ms), token part JSON, access expiry ms, sealed refresh token or '', refresh horizon
 * ms, kind ('issued' | 'refreshed'), connectionId, retention ms, now ms.
 *
 * - The access-token part is replaced only by a newer version.
 * - The refresh token has its own version: a newer event without one keeps it, and an older event carrying
 *   a newer refresh token than the stored one still delivers it (no read-then-write anywhere).
 * - A `refreshed` event never moves the refresh token's horizon later: it is fixed at consent.
 * - Newer tokens end `expired`, and any stored status older than them (a reconnect after a revoke).
 * - `ca` (connected at) is the earliest event time that changed the record.
 * - The record lives until the later of both tokens' expiries plus the retention, never shorter.
 * - Unless a replica holds the connection, it is scheduled for evaluation now (the caller then places it
 *   exactly); a revoked or reauth_required record leaves the schedule.
 * Returns {0} when nothing changed, else {1 (tokens stored) or 2 (refresh token merged), HGETALL}.
 */
export const WRITE_TOKENS = `
local key = KEYS[1]
local v = tonumber(ARGV[1])
local f = redis.call('HMGET', key, 'version', 'status', 'sversion', 'rversion', 're', 'ca', 'ae', 'rev')
local function n(value) return tonumber(value or '-1') end
local status, re, ae = f[2], n(f[5]), n(f[7])
local set = {}
local outcome = 0
if v > n(f[1]) then
  ae = tonumber(ARGV[3])
  for _, x in ipairs({'version', ARGV[1], 'record', ARGV[2], 'ae', ARGV[3]}) do set[#set + 1] = x end
  if not status or status == 'expired' or n(f[3]) < v then
    status = 'active'
    set[#set + 1] = 'status'
    set[#set + 1] = status
  end
  redis.call('SADD', KEYS[2], ARGV[7])
  outcome = 1
end
if ARGV[4] ~= '' and v > n(f[4]) then
  local horizon = tonumber(ARGV[5])
  if ARGV[6] == 'refreshed' and re >= 0 and re < horizon then horizon = re end
  re = horizon
  for _, x in ipairs({'rversion', ARGV[1], 'rt', ARGV[4], 're', string.format('%.0f', re)}) do set[#set + 1] = x end
  if outcome == 0 then outcome = 2 end
end
if outcome == 0 then return {0} end
local connected = n(f[6])
if connected < 0 or v < connected then
  set[#set + 1] = 'ca'
  set[#set + 1] = ARGV[1]
end
set[#set + 1] = 'rev'
set[#set + 1] = string.format('%.0f', math.max(n(f[8]), 0) + 1)
redis.call('HSET', key, unpack(set))
redis.call('PEXPIREAT', key, string.format('%.0f', math.max(ae, re) + tonumber(ARGV[8])))
if not redis.call('ZSCORE', KEYS[4], ARGV[7]) then
  if status == 'active' then
    redis.call('ZADD', KEYS[3], ARGV[9], ARGV[7])
  else
    redis.call('ZREM', KEYS[3], ARGV[7])
  end
end
return {outcome, redis.call('HGETALL', key)}
`;

/**
 * A status event (`revoked`, `reauth_required`) versioned by its event time.
 * KEYS: record, schedule. ARGV: status, version (ms), connectionId.
 * Returns -1 for an unknown connection, 0 when stale (older than the stored status, or than the tokens, which
 * were then issued after it), 1 when stored; a stored status takes the connection off the schedule.
 */
export const WRITE_STATUS = `
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then return -1 end
local function num(field) return tonumber(redis.call('HGET', key, field) or '-1') end
local v = tonumber(ARGV[2])
if v <= num('sversion') or v < num('version') then return 0 end
redis.call('HSET', key, 'status', ARGV[1], 'sversion', ARGV[2])
redis.call('HINCRBY', key, 'rev', 1)
redis.call('ZREM', KEYS[2], ARGV[3])
return 1
`;
