import { sql, type Kysely } from 'kysely'
import type { Logger } from 'pino'
import { createEventConsumer, startOutboxRetention, type EventHandlers } from '@concert/outbox'
import {
  brokers, createDatabase, createLogger, createRedis, createServiceApp, migrateToLatest, redisIsUp, remoteKeys, type Runnable,
} from '@concert/platform'
import type { ConcertConfig } from './config.ts'
import { migrations } from './db/migrations.ts'
import type { ConcertDatabase } from './db/schema.ts'
import { SeatCache } from './db/seat-cache.ts'
import { concertEventHandlers } from './events/consumers.ts'
import { performanceRoutes } from './routes/performances.ts'
import { scheduleRoutes } from './routes/schedules.ts'
import { seatRoutes } from './routes/seats.ts'
import { venueRoutes } from './routes/venues.ts'

export interface ConcertService extends Runnable {
  db: Kysely<ConcertDatabase>
  seatCache: SeatCache
  /** The saga handlers the consumer runs; exposed so tests can apply events exactly as it does. */
  eventHandlers: EventHandlers<ConcertDatabase>
}

export async function buildConcertService(config: ConcertConfig, logger: Logger = createLogger('concert-service', config.LOG_LEVEL)): Promise<ConcertService> {
  const db = createDatabase<ConcertDatabase>({ url: config.DATABASE_URL })
  const redis = createRedis({ url: config.REDIS_URL, keyPrefix: 'concert:', logger })
  await migrateToLatest(db, migrations)

  const app = await createServiceApp({
    service: 'concert-service',
    title: 'concert-service',
    description: 'Venues, performances, schedules, seats and seat availability',
    logger,
    keys: remoteKeys(config.JWKS_URL),
    readiness: {
      mysql: { critical: true, probe: async () => (await sql`select 1`.execute(db), { status: 'up' }) },
      kafka: { critical: false, probe: async () => (consumer.ready() || !config.EVENT_CONSUMERS_ENABLED ? { status: 'up' } : { status: 'degraded', detail: 'event consumer has not joined its group' }) },
      redis: { critical: false, probe: async () => (redisIsUp(redis) ? { status: 'up' } : { status: 'degraded', detail: 'seat maps served from MySQL' }) },
    },
  })

  const seatCache = new SeatCache({ db, redis, ttlSeconds: config.SEAT_CACHE_TTL_SECONDS, logger, metrics: app.metrics })
  const eventHandlers = concertEventHandlers(seatCache)
  const consumer = createEventConsumer({
    kafka: { brokers: brokers(config.KAFKA_BROKERS), clientId: 'concert-service' },
    db,
    service: 'concert',
    handlers: eventHandlers,
    logger,
    onOutcome: (info) => app.metrics.observeOutcome(info),
    onLag: (info) => app.metrics.observeLag(info),
  })

  venueRoutes(app, db)
  performanceRoutes(app, db)
  scheduleRoutes(app, db, seatCache)
  seatRoutes(app, seatCache)

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
    seatCache,
    eventHandlers,
    start: async () => {
      if (config.EVENT_CONSUMERS_ENABLED) await consumer.start()
      // processed_event and outbox grow with every saga step; this keeps them to the audit window.
      stopRetention = startOutboxRetention(db, { retentionHours: config.OUTBOX_RETENTION_HOURS, logger })
    },
  }
}
