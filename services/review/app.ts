import { sql, type Kysely } from 'kysely'
import type { Logger } from 'pino'
import { createEventConsumer, startOutboxRetention } from '@concert/outbox'
import {
  brokers, createDatabase, createLogger, createRedis, createServiceApp, migrateToLatest, redisIsUp, remoteKeys, type Runnable,
} from '@concert/platform'
import type { ReviewConfig } from './config.ts'
import { migrations } from './db/migrations.ts'
import type { ReviewDatabase } from './db/schema.ts'
import { RatingSummaryCache } from './db/summary-cache.ts'
import { reviewEventHandlers } from './events/consumers.ts'
import { reviewRoutes } from './routes/reviews.ts'

export interface ReviewService extends Runnable {
  db: Kysely<ReviewDatabase>
}

export async function buildReviewService(config: ReviewConfig, logger: Logger = createLogger('review-service', config.LOG_LEVEL)): Promise<ReviewService> {
  const db = createDatabase<ReviewDatabase>({ url: config.DATABASE_URL })
  const redis = createRedis({ url: config.REDIS_URL, keyPrefix: 'review:', logger })
  await migrateToLatest(db, migrations)

  const consumer = createEventConsumer({
    kafka: { brokers: brokers(config.KAFKA_BROKERS), clientId: 'review-service' },
    db,
    service: 'review',
    handlers: reviewEventHandlers,
    logger,
    onOutcome: (info) => app.metrics.observeOutcome(info),
    onLag: (info) => app.metrics.observeLag(info),
  })

  const app = await createServiceApp({
    service: 'review-service',
    title: 'review-service',
    description: 'Reviews of performances, by fans who attended them',
    logger,
    keys: remoteKeys(config.JWKS_URL),
    readiness: {
      mysql: { critical: true, probe: async () => (await sql`select 1`.execute(db), { status: 'up' }) },
      kafka: { critical: false, probe: async () => (consumer.ready() || !config.EVENT_CONSUMERS_ENABLED ? { status: 'up' } : { status: 'degraded', detail: 'event consumer has not joined its group' }) },
      redis: { critical: false, probe: async () => (redisIsUp(redis) ? { status: 'up' } : { status: 'degraded', detail: 'rating summaries served from MySQL' }) },
    },
  })

  reviewRoutes(app, db, new RatingSummaryCache({ db, redis, ttlSeconds: config.SUMMARY_CACHE_SECONDS, logger, metrics: app.metrics }))

  let stopRetention: (() => Promise<void>) | undefined
  app.addHook('onClose', async () => {
    await stopRetention?.()
    await consumer.stop()
    redis.disconnect()
    await db.destroy()
  })

  return {
    app,
    db,
    start: async () => {
      if (config.EVENT_CONSUMERS_ENABLED) await consumer.start()
      // processed_event grows with every consumed event; this keeps it to the audit window.
      stopRetention = startOutboxRetention(db, { retentionHours: config.OUTBOX_RETENTION_HOURS, logger })
    },
  }
}
