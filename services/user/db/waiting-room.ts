import type { Redis } from 'ioredis'
import type { LivePlacement } from '../domain/waiting-room.ts'

/*
 * The live waiting room, one per performance, in Redis. Every multi-key step is one Lua script, so
 * several user-service instances can join, poll and admit at once without a lost or double admission.
 *
 *   wr:{perf}:queue   ZSET tokenId -> join sequence      FIFO order; ZRANK is the O(log n) position
 *   wr:{perf}:seen    ZSET tokenId -> last poll (ms)     idle drop-out
 *   wr:{perf}:active  ZSET tokenId -> admission expiry   active limit
 *   wr:{perf}:users   HASH userId  -> tokenId            one live token per user and performance
 *   wr:{perf}:seq     counter for the join sequence
 *   wr:{perf}:admits  ZSET tokenId -> admission time   sliding one-second window: the admission rate
 *   wr:perfs          SET of performances with a live queue, for the admission loop
 * The braces make each performance's keys one Redis Cluster hash slot.
 */
const keys = (performanceId: string) => {
  const base = `wr:{${performanceId}}`
  return { queue: `${base}:queue`, seen: `${base}:seen`, active: `${base}:active`, users: `${base}:users`, seq: `${base}:seq`, admits: `${base}:admits` }
}
const PERFORMANCES = 'wr:perfs'

const JOIN = `
local existing = redis.call('HGET', KEYS[4], ARGV[1])
if existing then
  if redis.call('ZSCORE', KEYS[1], existing) or redis.call('ZSCORE', KEYS[3], existing) then return existing end
end
local seq = redis.call('INCR', KEYS[5])
redis.call('ZADD', KEYS[1], seq, ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[6], ARGV[4])
return ARGV[2]
`

// Drops idle waiters and lapsed admissions, then admits from the head of the queue while the last
// second's admissions and the active limit leave room. Returns {admitted..., '|', dropped...}.
const ADMIT = `
local now = tonumber(ARGV[1])
local idleBefore = now - tonumber(ARGV[2])
local perSecond = tonumber(ARGV[3])
local activeLimit = tonumber(ARGV[4])
local ttl = tonumber(ARGV[5])
local dropped = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', idleBefore)
for _, id in ipairs(dropped) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - 1000)
local budget = perSecond - redis.call('ZCARD', KEYS[5])
local free = activeLimit - redis.call('ZCARD', KEYS[3])
local slots = math.min(budget, free)
local admitted = {}
if slots > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[1], slots)
  for i = 1, #popped, 2 do
    local id = popped[i]
    redis.call('ZREM', KEYS[2], id)
    redis.call('ZADD', KEYS[3], now + ttl, id)
    redis.call('ZADD', KEYS[5], now, id)
    admitted[#admitted + 1] = id
  end
end
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[3]) == 0 then
  redis.call('SREM', KEYS[6], ARGV[6])
end
local out = admitted
out[#out + 1] = '|'
for _, id in ipairs(dropped) do out[#out + 1] = id end
return out
`

const PLACE = `
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if rank then
  redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[1])
  return {'waiting', rank}
end
local expiry = redis.call('ZSCORE', KEYS[3], ARGV[1])
if expiry then return {'active', expiry} end
return {'gone', 0}
`

export interface AdmissionPolicy {
  admitPerSecond: number
  activeLimit: number
  idleSeconds: number
  admissionTtlSeconds: number
}

export class WaitingRoom {
  constructor(private readonly redis: Redis, private readonly policy: AdmissionPolicy) {}

  /** Queues the token unless the user already has a live one here; returns the live token id. */
  async join(performanceId: string, userId: string, tokenId: string, nowMs: number): Promise<string> {
    const k = keys(performanceId)
    return (await this.redis.eval(JOIN, 6, k.queue, k.seen, k.active, k.users, k.seq, PERFORMANCES,
      userId, tokenId, nowMs, performanceId)) as string
  }

  /** Where the token stands; a poll of a waiting token also marks it as not idle. */
  async placement(performanceId: string, tokenId: string, nowMs: number): Promise<LivePlacement> {
    const k = keys(performanceId)
    const [kind, value] = (await this.redis.eval(PLACE, 3, k.queue, k.seen, k.active, tokenId, nowMs)) as [string, string | number]
    if (kind === 'waiting') return { kind, rank: Number(value) }
    if (kind === 'active') return { kind, expiresAtMs: Number(value) }
    return { kind: 'gone' }
  }

  async performances(): Promise<string[]> {
    return this.redis.smembers(PERFORMANCES)
  }

  async admit(performanceId: string, nowMs: number): Promise<{ admitted: string[]; dropped: string[] }> {
    const k = keys(performanceId)
    const out = (await this.redis.eval(ADMIT, 6, k.queue, k.seen, k.active, k.users, k.admits, PERFORMANCES,
      nowMs, this.policy.idleSeconds * 1000, this.policy.admitPerSecond, this.policy.activeLimit,
      this.policy.admissionTtlSeconds * 1000, performanceId)) as string[]
    const split = out.indexOf('|')
    return { admitted: out.slice(0, split), dropped: out.slice(split + 1) }
  }

  /** Frees the active slot of a token that has been used or withdrawn. */
  async leave(performanceId: string, tokenId: string): Promise<void> {
    const k = keys(performanceId)
    await this.redis.multi().zrem(k.queue, tokenId).zrem(k.seen, tokenId).zrem(k.active, tokenId).exec()
  }

  async size(performanceId: string): Promise<{ waiting: number; active: number }> {
    const k = keys(performanceId)
    const [waiting, active] = await Promise.all([this.redis.zcard(k.queue), this.redis.zcard(k.active)])
    return { waiting, active }
  }
}
