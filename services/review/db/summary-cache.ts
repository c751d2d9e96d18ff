import type { Redis, Result } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { CacheRepair, type ServiceMetrics } from '@concert/platform'
import type { RatingTotals } from '../domain/rating.ts'
import { ratingTotals } from './reviews.ts'
import type { ReviewDatabase } from './schema.ts'

/**
 * Rating totals per performance in Redis (`review:summary:{performanceId}`), MySQL being the truth.
 * Every new review recomputes and stores them. Reviews are never edited or deleted, so `count` only
 * grows: a write keeps the totals with the highest count, and two refreshes racing (or one that read
 * MySQL before a review and lands after a newer one) cannot leave the older totals behind. A write
 * that fails marks the cache stale, and `repair` recomputes every performance reviewed since then
 * once Redis is back (see CacheRepair). If Redis is away, reads fall back to MySQL.
 */
const PUT_IF_MORE_REVIEWS = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, totals = pcall(cjson.decode, current)
  if ok and type(totals) == 'table' and tonumber(totals.count) and tonumber(totals.count) >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
`

declare module 'ioredis' {
  interface RedisCommander<Context> {
    putSummaryIfMoreReviews(key: string, count: number, totals: string, ttlSeconds: number): Result<number, Context>
  }
}

export interface RatingSummaryCacheOptions {
  db: Kysely<ReviewDatabase>
  redis: Redis
  ttlSeconds: number
  logger: Logger
  metrics: ServiceMetrics
}

const key = (performanceId: string) => `summary:${performanceId}`

export class RatingSummaryCache {
  /** Brings the summaries back to MySQL after failed writes or a Redis restart; started as a service job. */
  readonly repair: CacheRepair

  constructor(private readonly options: RatingSummaryCacheOptions) {
    options.redis.defineCommand('putSummaryIfMoreReviews', { numberOfKeys: 1, lua: PUT_IF_MORE_REVIEWS })
    this.repair = new CacheRepair({
      redis: options.redis,
      what: 'rating summaries',
      keys: key('*'),
      logger: options.logger,
      rewriteChangedSince: (since) => this.rewriteChangedSince(since),
    })
  }

  async totals(performanceId: string): Promise<RatingTotals> {
    let parsed: RatingTotals | undefined
    try {
      const cached = await this.options.redis.get(key(performanceId))
      parsed = cached === null ? undefined : parseTotals(cached)
      this.options.metrics.cache('rating_summary', parsed ? 'hit' : 'miss')
    } catch {
      this.options.metrics.cache('rating_summary', 'error')
    }
    return parsed ?? this.refresh(performanceId)
  }

  /** Recomputes from MySQL and stores the result; a Redis failure costs only the cache, until the repair. */
  async refresh(performanceId: string): Promise<RatingTotals> {
    let totals: RatingTotals
    try {
      totals = await ratingTotals(this.options.db, performanceId)
    } catch (error) {
      // Called after a review committed: without its totals the cached ones are stale.
      this.repair.markStale()
      throw error
    }
    await this.store(performanceId, totals).catch((error: Error) => {
      this.repair.markStale()
      this.options.logger.warn({ err: error.message, performanceId }, 'rating summary not cached; repaired once Redis answers')
    })
    return totals
  }

  private async store(performanceId: string, totals: RatingTotals): Promise<void> {
    await this.options.redis.putSummaryIfMoreReviews(key(performanceId), totals.count, JSON.stringify(totals), this.options.ttlSeconds)
  }

  private async rewriteChangedSince(since: Date): Promise<void> {
    const reviewed = await this.options.db.selectFrom('review').select('performance_id').distinct().where('created_at', '>=', since).execute()
    for (const { performance_id: performanceId } of reviewed) {
      await this.store(performanceId, await ratingTotals(this.options.db, performanceId))
    }
  }
}

function parseTotals(text: string): RatingTotals | undefined {
  try {
    const value = JSON.parse(text) as Partial<RatingTotals>
    if (Number.isInteger(value.count) && Number.isInteger(value.sum)) return { count: value.count!, sum: value.sum! }
  } catch {
    // a corrupt entry is treated as a miss and overwritten
  }
  return undefined
}
