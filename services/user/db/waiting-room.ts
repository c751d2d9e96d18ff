import type { Redis } from 'ioredis'
import type { LivePlacement } from '../domain/waiting-room.ts'
import { perSecondBudget, type AdmissionControlState } from '../domain/admission-control.ts'

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
 *   wr:{perf}:count   counter of admissions ever made    the controller's measure of who finished
 *   wr:{perf}:ctl     HASH the adaptive controller's last step (rate, at, active, admitted, finished)
 *   wr:perfs          SET of performances with a live queue, for the admission loop
 *                     (wr:perfs:{namespace} with QUEUE_NAMESPACE: loops admit only their namespace's queues)
 * The braces make each performance's keys one Redis Cluster hash slot.
 */
const keys = (performanceId: string) => {
  const base = `wr:{${performanceId}}`
  return {
    queue: `${base}:queue`, seen: `${base}:seen`, active: `${base}:active`, users: `${base}:users`, seq: `${base}:seq`,
    admits: `${base}:admits`, count: `${base}:count`, ctl: `${base}:ctl`,
  }
}
/** The controller's state outlives a quiet queue by this much, then a new sale starts afresh. */
const CONTROL_TTL_MS = 3_600_000
/** Admissions, drop-outs and leaves are announced here (one subscriber per process; channels carry the ACL prefix). */
export const ROOM_CHANNEL = 'user:wr:moves'

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
// second's admissions (at the controller's rate, at most ARGV[3]) and the active limit leave room.
// Returns {admitted..., '|', dropped..., '|', active, waiting, admissions ever, controller fields...}.
const ADMIT = `
local now = tonumber(ARGV[1])
local idleBefore = now - tonumber(ARGV[2])
local perSecond = tonumber(ARGV[3])
-- No controller step yet (a new sale): nobody is admitted until the first one is stored, right after.
local rate = tonumber(redis.call('HGET', KEYS[8], 'rate') or '') or 0
perSecond = rate > 0 and math.max(1, math.min(perSecond, math.floor(rate))) or 0
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
local count = redis.call('INCRBY', KEYS[7], #admitted)
redis.call('PEXPIRE', KEYS[7], ARGV[7])
local waiting = redis.call('ZCARD', KEYS[1])
local active = redis.call('ZCARD', KEYS[3])
if waiting == 0 and active == 0 then
  redis.call('SREM', KEYS[6], ARGV[6])
end
local out = admitted
out[#out + 1] = '|'
for _, id in ipairs(dropped) do out[#out + 1] = id end
out[#out + 1] = '|'
out[#out + 1] = tostring(active)
out[#out + 1] = tostring(waiting)
out[#out + 1] = tostring(count)
local ctl = redis.call('HMGET', KEYS[8], 'rate', 'at', 'active', 'admitted', 'finished')
for i = 1, 5 do out[#out + 1] = ctl[i] or '' end
return out
`

// Writes a control step unless another instance already took one since the step it started from.
const CONTROL = `
local at = redis.call('HGET', KEYS[1], 'at') or ''
if at ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'rate', ARGV[2], 'at', ARGV[3], 'active', ARGV[4], 'admitted', ARGV[5], 'finished', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return 1
`

const PLACE = `
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if rank then
  redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[1])
  return {'waiting', rank, redis.call('HGET', KEYS[4], 'rate') or ''}
end
local expiry = redis.call('ZSCORE', KEYS[3], ARGV[1])
if expiry then return {'active', expiry} end
return {'gone', 0}
`

export interface AdmissionPolicy {
  /** The ceiling (QUEUE_ADMIT_PER_SECOND); the controller's rate is used below it. */
  admitPerSecond: number
  activeLimit: number
  idleSeconds: number
  admissionTtlSeconds: number
  /** Loops sharing a Redis admit only from the queues joined under their own namespace ('' = the default). */
  namespace?: string
}

/** One tick's outcome for a performance, with what the controller needs to take its next step. */
export interface AdmitResult {
  admitted: string[]
  dropped: string[]
  active: number
  waiting: number
  /** Admissions ever made for the performance (the counter's current value). */
  admittedTotal: number
  /** The controller's last step, if one was taken (and has not expired). */
  control: AdmissionControlState | undefined
}

const parseControl = (fields: readonly (string | null)[]): AdmissionControlState | undefined => {
  const [rate, at, active, admitted, finished] = fields.map((field) => (field === null || field === '' ? Number.NaN : Number(field)))
  if ([rate, at, active, admitted, finished].some((value) => !Number.isFinite(value))) return undefined
  return { ratePerSecond: rate!, atMs: at!, active: active!, admittedTotal: admitted!, finishedPerSecond: finished! }
}

export class WaitingRoom {
  private readonly performancesKey: string

  constructor(private readonly redis: Redis, private readonly policy: AdmissionPolicy) {
    this.performancesKey = policy.namespace ? `wr:perfs:${policy.namespace}` : 'wr:perfs'
  }

  /** Queues the token unless the user already has a live one here; returns the live token id. */
  async join(performanceId: string, userId: string, tokenId: string, nowMs: number): Promise<string> {
    const k = keys(performanceId)
    return (await this.redis.eval(JOIN, 6, k.queue, k.seen, k.active, k.users, k.seq, this.performancesKey,
      userId, tokenId, nowMs, performanceId)) as string
  }

  /** Where the token stands; a poll of a waiting token also marks it as not idle. */
  async placement(performanceId: string, tokenId: string, nowMs: number): Promise<LivePlacement> {
    const k = keys(performanceId)
    const [kind, value, rate] = (await this.redis.eval(PLACE, 4, k.queue, k.seen, k.active, k.ctl, tokenId, nowMs)) as [string, string | number, string?]
    if (kind === 'waiting') {
      return rate ? { kind, rank: Number(value), ratePerSecond: perSecondBudget(Math.min(Number(rate), this.policy.admitPerSecond)) } : { kind, rank: Number(value) }
    }
    if (kind === 'active') return { kind, expiresAtMs: Number(value) }
    return { kind: 'gone' }
  }

  /** Long-polling waiters are present: their last poll moves to now (only while they still wait). */
  async touch(performanceId: string, tokenIds: readonly string[], nowMs: number): Promise<void> {
    if (tokenIds.length === 0) return
    await this.redis.zadd(keys(performanceId).seen, 'XX', ...tokenIds.flatMap((id) => [nowMs, id]))
  }

  async performances(): Promise<string[]> {
    return this.redis.smembers(this.performancesKey)
  }

  async admit(performanceId: string, nowMs: number): Promise<AdmitResult> {
    const k = keys(performanceId)
    const out = (await this.redis.eval(ADMIT, 8, k.queue, k.seen, k.active, k.users, k.admits, this.performancesKey, k.count, k.ctl,
      nowMs, this.policy.idleSeconds * 1000, this.policy.admitPerSecond, this.policy.activeLimit,
      this.policy.admissionTtlSeconds * 1000, performanceId, CONTROL_TTL_MS)) as string[]
    const first = out.indexOf('|')
    const second = out.indexOf('|', first + 1)
    const [active, waiting, total, ...control] = out.slice(second + 1)
    return {
      admitted: out.slice(0, first),
      dropped: out.slice(first + 1, second),
      active: Number(active),
      waiting: Number(waiting),
      admittedTotal: Number(total),
      control: parseControl(control),
    }
  }

  /**
   * Stores a control step if no other instance stored one since `previous` (compare-and-set on its
   * time); returns whether this one counts.
   */
  async storeControl(performanceId: string, previous: AdmissionControlState | undefined, next: AdmissionControlState): Promise<boolean> {
    const stored = await this.redis.eval(CONTROL, 1, keys(performanceId).ctl, previous ? String(previous.atMs) : '',
      next.ratePerSecond, next.atMs, next.active, next.admittedTotal, next.finishedPerSecond, CONTROL_TTL_MS)
    return stored === 1
  }

  /** The controller's last step, for metrics. */
  async control(performanceId: string): Promise<AdmissionControlState | undefined> {
    return parseControl(await this.redis.hmget(keys(performanceId).ctl, 'rate', 'at', 'active', 'admitted', 'finished'))
  }

  /** Frees the active slot of a token that has been used or withdrawn. */
  async leave(performanceId: string, tokenId: string): Promise<void> {
    const k = keys(performanceId)
    await this.redis.multi().zrem(k.queue, tokenId).zrem(k.seen, tokenId).zrem(k.active, tokenId).exec()
  }

  /** Tells every instance's long-polling waiters that the queue moved (JSON `{p, a, d}`). */
  async announce(performanceId: string, admitted: readonly string[], dropped: readonly string[]): Promise<void> {
    await this.redis.publish(ROOM_CHANNEL, JSON.stringify({ p: performanceId, a: admitted, d: dropped }))
  }

  async size(performanceId: string): Promise<{ waiting: number; active: number }> {
    const k = keys(performanceId)
    const [waiting, active] = await Promise.all([this.redis.zcard(k.queue), this.redis.zcard(k.active)])
    return { waiting, active }
  }
}
