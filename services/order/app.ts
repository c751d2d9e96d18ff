import { sql, type Kysely } from 'kysely'
import type { Logger } from 'pino'
import { createEventConsumer } from '@concert/outbox'
import {
  brokers, createDatabase, createLogger, createServiceApp, deleteOldIdempotencyKeys, migrateToLatest, remoteKeys, type Runnable,
} from '@concert/platform'
import type { OrderConfig } from './config.ts'
import { migrations } from './db/migrations.ts'
import type { OrderDatabase } from './db/schema.ts'
import { orderEventHandlers } from './events/consumers.ts'
import { registerHoldsGauge, startHoldSweeper } from './jobs/hold-sweeper.ts'
import { reservationRoutes } from './routes/reservations.ts'

export interface OrderService extends Runnable {
  db: Kysely<OrderDatabase>
}

const HOUR = 3_600_000

/**
 * order-service keeps no Redis state: the seat_reservation primary key is the only authority on a
 * hold, and concert-service's cached seat map already steers fans away from taken seats.
 */
export async function buildOrderService(config: OrderConfig, logger: Logger = createLogger('order-service', config.LOG_LEVEL)): Promise<OrderService> {
  const db = createDatabase<OrderDatabase>({ url: config.DATABASE_URL, connectionLimit: 20 })
  await migrateToLatest(db, migrations)

  const consumer = createEventConsumer({
    kafka: { brokers: brokers(config.KAFKA_BROKERS), clientId: 'order-service' },
    db,
    service: 'order',
    handlers: orderEventHandlers,
    logger,
    onOutcome: (info) => app.metrics.observeOutcome(info),
    onLag: (info) => app.metrics.observeLag(info),
  })

  const app = await createServiceApp({
    service: 'order-service',
    title: 'order-service',
    description: 'Orders, reservations and seat holds; the order side of the reservation and payment sagas',
    logger,
    keys: remoteKeys(config.JWKS_URL),
    readiness: {
      mysql: { critical: true, probe: async () => (await sql`select 1`.execute(db), { status: 'up' }) },
      kafka: { critical: false, probe: async () => (consumer.ready() || !config.EVENT_CONSUMERS_ENABLED ? { status: 'up' } : { status: 'degraded', detail: 'event consumer has not joined its group' }) },
    },
  })
  registerHoldsGauge(app.metrics.registry, db)
  reservationRoutes(app, { db, holdTtlSeconds: config.HOLD_TTL_SECONDS })

  const stops: (() => Promise<void>)[] = []
  app.addHook('onClose', async () => {
    for (const stop of stops) await stop()
    await consumer.stop()
    await db.destroy()
  })

  return {
    app,
    db,
    start: async () => {
      if (config.EVENT_CONSUMERS_ENABLED) await consumer.start()
      stops.push(startHoldSweeper({ db, logger, intervalMs: config.HOLD_SWEEP_INTERVAL_MS, batchSize: config.HOLD_SWEEP_BATCH_SIZE }))
      const pruneKeys = setInterval(() => {
        deleteOldIdempotencyKeys(db).catch((error: Error) => logger.warn({ err: error.message }, 'idempotency key cleanup failed'))
      }, HOUR)
      stops.push(async () => clearInterval(pruneKeys))
    },
  }
}
