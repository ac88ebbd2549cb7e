/**
 * Claims due connections for one replica. KEYS: schedule, leases. ARGV: now, limit, lease-until.
 * Takes expired leases first (a replica died holding them), then due entries; moves them all to the leases
 * set with the new lease time and returns them. One script, so no two replicas get the same connection.
 * Cost: O(log N + claimed).
 */
export const CLAIM_DUE = `
local limit = tonumber(ARGV[2])
local claimed = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, limit)
if #claimed < limit then
  local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, limit - #claimed)
  if #due > 0 then
    redis.call('ZREM', KEYS[1], unpack(due))
    for _, member in ipairs(due) do claimed[#claimed + 1] = member end
  end
end
if #claimed == 0 then return claimed end
local scored = {}
for _, member in ipairs(claimed) do
  scored[#scored + 1] = ARGV[3]
  scored[#scored + 1] = member
end
redis.call('ZADD', KEYS[2], unpack(scored))
return claimed
`;

/**
 * Puts a connection where it belongs, if it is still as evaluated and no replica holds it.
 * KEYS: record, schedule, leases. ARGV: connectionId, revision, score ('' = off the schedule).
 */
export const PLACE = `
if redis.call('HGET', KEYS[1], 'rev') ~= ARGV[2] then return 0 end
if redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 0 end
if ARGV[3] == '' or redis.call('HGET', KEYS[1], 'status') ~= 'active' then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return 0
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
`;

/**
 * Ends a claim after its events were published. KEYS: record, schedule, leases.
 * ARGV: connectionId, lease, revision evaluated, next score ('' = none), expire ('1'/'0'), now, then marker
 * field/value pairs. Returns -2 when the lease was lost (another replica holds it now: change nothing), -1 when
 * the record is gone, 0 when the record changed meanwhile (markers kept, re-evaluated now), 1 when committed.
 */
export const COMMIT = `
local held = redis.call('ZSCORE', KEYS[3], ARGV[1])
if not held or tonumber(held) ~= tonumber(ARGV[2]) then return -2 end
redis.call('ZREM', KEYS[3], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if #ARGV > 6 then redis.call('HSET', KEYS[1], unpack(ARGV, 7)) end
if redis.call('HGET', KEYS[1], 'rev') ~= ARGV[3] then
  if redis.call('HGET', KEYS[1], 'status') == 'active' then redis.call('ZADD', KEYS[2], ARGV[6], ARGV[1]) end
  return 0
end
if ARGV[5] == '1' then
  redis.call('HSET', KEYS[1], 'status', 'expired')
  redis.call('HINCRBY', KEYS[1], 'rev', 1)
end
if ARGV[4] ~= '' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1]) end
return 1
`;
