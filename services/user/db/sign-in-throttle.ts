import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { FAILURE_MEMORY_SECONDS, lockSchedule, retryAfterSeconds, type ThrottlePolicy } from '../domain/sign-in-throttle.ts'

/*
 * Per-account sign-in state in Redis, shared by every instance:
 *   signin:{<sha-256 of the email>}:n     consecutive unsuccessful attempts (forgotten after 15 quiet minutes)
 *   signin:{<sha-256 of the email>}:lock  present while the account is locked; its TTL is the time left
 * The email is hashed so Redis holds no addresses; unknown emails are counted like real ones, so the
 * answers do not tell which accounts exist.
 *
 * An attempt is counted (and the lock for that count set) BEFORE the password is checked, in one
 * script: concurrent guesses from many addresses are serialized by Redis, so after a lock expires
 * exactly one attempt gets through before the next lock. A right password then clears both keys.
 */
const BEGIN = `
local remaining = redis.call('PTTL', KEYS[2])
if remaining > 0 then return remaining end
local attempt = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
local lock = tonumber(ARGV[math.min(attempt, #ARGV - 1) + 1])
if lock > 0 then redis.call('SET', KEYS[2], attempt, 'PX', lock * 1000) end
return 0
`

const keys = (email: string) => {
  const base = `signin:{${createHash('sha256').update(email.toLowerCase()).digest('hex')}}`
  return { count: `${base}:n`, lock: `${base}:lock` }
}

export type AttemptAdmission = { allowed: true } | { allowed: false; retryAfterSeconds: number }

export class SignInThrottle {
  private readonly schedule: number[]

  constructor(private readonly redis: Redis, policy: ThrottlePolicy) {
    this.schedule = lockSchedule(policy)
  }

  /** Counts an attempt for the account unless it is locked; a locked account says when to retry. */
  async begin(email: string): Promise<AttemptAdmission> {
    const k = keys(email)
    const remainingMs = Number(await this.redis.eval(BEGIN, 2, k.count, k.lock, FAILURE_MEMORY_SECONDS, ...this.schedule))
    return remainingMs > 0 ? { allowed: false, retryAfterSeconds: retryAfterSeconds(remainingMs) } : { allowed: true }
  }

  /** The right password: the account starts afresh. */
  async succeeded(email: string): Promise<void> {
    const k = keys(email)
    await this.redis.del(k.count, k.lock)
  }
}
