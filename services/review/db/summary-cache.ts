import type { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { ServiceMetrics } from '@concert/platform'
import type { RatingTotals } from '../domain/rating.ts'
import { ratingTotals } from './reviews.ts'
import type { ReviewDatabase } from './schema.ts'

/**
 * Rating totals per performance in Redis (`review:summary:{performanceId}`), MySQL being the truth.
 * Every new review recomputes and stores them; the TTL bounds how long a lost race between two
 * refreshes can leave a stale value. If Redis is away, reads fall back to MySQL.
 */
export interface RatingSummaryCacheOptions {
  db: Kysely<ReviewDatabase>
  redis: Redis
  ttlSeconds: number
  logger: Logger
  metrics: ServiceMetrics
}

export class RatingSummaryCache {
  constructor(private readonly options: RatingSummaryCacheOptions) {}

  private key(performanceId: string) {
    return `summary:${performanceId}`
  }

  async totals(performanceId: string): Promise<RatingTotals> {
    let parsed: RatingTotals | undefined
    try {
      const cached = await this.options.redis.get(this.key(performanceId))
      parsed = cached === null ? undefined : parseTotals(cached)
      this.options.metrics.cache('rating_summary', parsed ? 'hit' : 'miss')
    } catch {
      this.options.metrics.cache('rating_summary', 'error')
    }
    return parsed ?? this.refresh(performanceId)
  }

  /** Recomputes from MySQL and stores the result; a Redis failure costs only the cache. */
  async refresh(performanceId: string): Promise<RatingTotals> {
    const totals = await ratingTotals(this.options.db, performanceId)
    await this.options.redis.set(this.key(performanceId), JSON.stringify(totals), 'EX', this.options.ttlSeconds)
      .catch((error: Error) => this.options.logger.warn({ err: error.message, performanceId }, 'rating summary not cached'))
    return totals
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
