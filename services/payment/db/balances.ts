import type { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { readPoint, type BalanceSnapshot } from './points.ts'
import type { PaymentDatabase } from './schema.ts'

/**
 * Writes a snapshot unless the cache already holds the same or a newer version, so two commits that
 * refresh out of order can never leave the older balance behind.
 */
const PUT_IF_NEWER = `
local current = redis.call('HGET', KEYS[1], 'version')
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'balance', ARGV[2], 'updatedAt', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
`

export const balanceKey = (userId: string) => `balance:${userId}`

export interface BalanceView {
  balance: number
  /** null for a user who has never charged */
  updatedAt: Date | null
  source: 'redis' | 'mysql'
}

/**
 * Point balances served from Redis (`payment:balance:{userId}`) with MySQL as the source of truth:
 * a miss or an unreachable Redis reads MySQL, and every committed change rewrites the cache.
 */
export class Balances {
  constructor(
    private readonly db: Kysely<PaymentDatabase>,
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
    /** Counts cache reads, for the cache hit ratio on the dashboard. */
    private readonly observe: (result: 'hit' | 'miss' | 'error') => void = () => undefined,
  ) {}

  async read(userId: string): Promise<BalanceView> {
    try {
      const cached = await this.redis.hgetall(balanceKey(userId))
      this.observe(cached['version'] !== undefined ? 'hit' : 'miss')
      if (cached['version'] !== undefined) {
        return { balance: Number(cached['balance']), updatedAt: new Date(Number(cached['updatedAt'])), source: 'redis' }
      }
    } catch (error) {
      this.observe('error')
      this.logger.debug({ err: (error as Error).message }, 'balance cache unavailable; reading MySQL')
    }
    const snapshot = await readPoint(this.db, userId)
    if (!snapshot) return { balance: 0, updatedAt: null, source: 'mysql' }
    await this.refresh(snapshot)
    return { balance: snapshot.balance, updatedAt: snapshot.updatedAt, source: 'mysql' }
  }

  /** Call after the commit that produced `snapshot`; a failure only leaves the cache to expire. */
  async refresh(snapshot: BalanceSnapshot): Promise<void> {
    try {
      await this.redis.eval(PUT_IF_NEWER, 1, balanceKey(snapshot.userId),
        snapshot.version, snapshot.balance, snapshot.updatedAt.getTime(), this.ttlSeconds)
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, userId: snapshot.userId }, 'balance cache not refreshed; it expires on its own')
    }
  }
}
