import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { createService, type Runnable } from '@concert/platform'
import type { ReviewConfig } from './config.ts'
import { migrations } from './db/migrations.ts'
import type { ReviewDatabase } from './db/schema.ts'
import { RatingSummaryCache } from './db/summary-cache.ts'
import { reviewEventHandlers } from './events/consumers.ts'
import { reviewRoutes } from './routes/reviews.ts'

export interface ReviewService extends Runnable {
  db: Kysely<ReviewDatabase>
  summaries: RatingSummaryCache
}

export async function buildReviewService(config: ReviewConfig, logger?: Logger): Promise<ReviewService> {
  const service = await createService<ReviewDatabase>({
    name: 'review',
    description: 'Reviews of performances, by fans who attended them',
    config,
    logger,
    migrations,
    redis: { degradedDetail: 'rating summaries served from MySQL' },
  })
  const { app, db, redis } = service
  service.consume(reviewEventHandlers)
  const summaries = new RatingSummaryCache({ db, redis, ttlSeconds: config.SUMMARY_CACHE_SECONDS, logger: service.logger, metrics: app.metrics })
  service.job(() => summaries.repair.start())
  reviewRoutes(app, db, summaries)
  return { app, db, summaries, start: service.start }
}
