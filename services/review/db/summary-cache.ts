import type { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { RatingTotals } from '../domain/rating.ts'
import { ratingTotals } from './reviews.ts'
import type { ReviewDatabase } from './schema.ts'

/**
 * Rating totals per performance in Redis (`review:summary:{performanceId}`), MySQL being the truth.
 * Every new review recomputes and stores them; the TTL bounds how long a lost race between two
 * refreshes can leave a stale value. If Redis is away, reads fall back to MySQL.
 */
export class RatingSummaryCache {
  constructor(
    private readonly db: Kysely<ReviewDatabase>,
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  private key(performanceId: string) {
    return `summary:${performanceId}`
  }

  async totals(performanceId: string): Promise<RatingTotals> {
    const cached = await this.redis.get(this.key(performanceId)).catch(() => null)
    const parsed = cached ? parseTotals(cached) : undefined
    return parsed ?? this.refresh(performanceId)
  }

  /** Recomputes from MySQL and stores the result; a Redis failure costs only the cache. */
  async refresh(performanceId: string): Promise<RatingTotals> {
    const totals = await ratingTotals(this.db, performanceId)
    await this.redis.set(this.key(performanceId), JSON.stringify(totals), 'EX', this.ttlSeconds)
      .catch((error: Error) => this.logger.warn({ err: error.message, performanceId }, 'rating summary not cached'))
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
