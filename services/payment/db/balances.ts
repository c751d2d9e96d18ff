import type { Redis, Result } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { CacheRepair } from '@concert/platform'
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

declare module 'ioredis' {
  interface RedisCommander<Context> {
    putBalanceIfNewer(key: string, version: number, balance: number, updatedAt: number, ttlSeconds: number): Result<number, Context>
  }
  interface ChainableCommander {
    putBalanceIfNewer(key: string, version: number, balance: number, updatedAt: number, ttlSeconds: number): ChainableCommander
  }
}

export const balanceKey = (userId: string) => `balance:${userId}`

/** Balances per pipeline when repairing: bounded round trips without one huge batch. */
const REPAIR_CHUNK = 500

export interface BalanceView {
  balance: number
  /** null for a user who has never charged */
  updatedAt: Date | null
  source: 'redis' | 'mysql'
}

/**
 * Point balances served from Redis (`payment:balance:{userId}`) with MySQL as the source of truth:
 * a miss or an unreachable Redis reads MySQL, and every committed change rewrites the cache. A
 * rewrite that fails marks the cache stale, and `repair` rewrites every balance changed since then
 * once Redis is back (see CacheRepair); the version check makes that safe against racing refreshes.
 */
export class Balances {
  /** Brings the cache back to MySQL after failed writes or a Redis restart; started as a service job. */
  readonly repair: CacheRepair

  constructor(
    private readonly db: Kysely<PaymentDatabase>,
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
    /** Counts cache reads, for the cache hit ratio on the dashboard. */
    private readonly observe: (result: 'hit' | 'miss' | 'error') => void = () => undefined,
  ) {
    redis.defineCommand('putBalanceIfNewer', { numberOfKeys: 1, lua: PUT_IF_NEWER })
    this.repair = new CacheRepair({
      redis,
      what: 'balance cache',
      keys: balanceKey('*'),
      logger,
      rewriteChangedSince: (since) => this.rewriteChangedSince(since),
    })
  }

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

  /** Call after the commit that produced `snapshot`; a failure marks the cache for repair. */
  async refresh(snapshot: BalanceSnapshot): Promise<void> {
    try {
      await this.redis.putBalanceIfNewer(balanceKey(snapshot.userId), snapshot.version, snapshot.balance, snapshot.updatedAt.getTime(), this.ttlSeconds)
    } catch (error) {
      this.repair.markStale()
      this.logger.warn({ err: (error as Error).message, userId: snapshot.userId }, 'balance cache not refreshed; repaired once Redis answers')
    }
  }

  /** Every balance changed since `since`, cached or not, so a refresh that read MySQL before and lands later cannot win. */
  private async rewriteChangedSince(since: Date): Promise<void> {
    const rows = await this.db.selectFrom('point').select(['user_id', 'balance', 'version', 'updated_at']).where('updated_at', '>=', since).execute()
    for (let start = 0; start < rows.length; start += REPAIR_CHUNK) {
      const pipeline = this.redis.pipeline()
      for (const row of rows.slice(start, start + REPAIR_CHUNK)) {
        pipeline.putBalanceIfNewer(balanceKey(row.user_id), row.version, row.balance, row.updated_at.getTime(), this.ttlSeconds)
      }
      const failed = ((await pipeline.exec()) ?? []).find(([error]) => error)
      if (failed) throw failed[0]
    }
  }
}
