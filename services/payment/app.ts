import { sql, type Kysely } from 'kysely'
import type { Logger } from 'pino'
import { createEventConsumer } from '@concert/outbox'
import {
  brokers, createDatabase, createLogger, createRedis, createServiceApp, migrateToLatest, redisIsUp, remoteKeys, type Runnable,
} from '@concert/platform'
import { SimulatedGateway } from './adapters/gateway-simulator.ts'
import type { PaymentConfig } from './config.ts'
import { Balances } from './db/balances.ts'
import { migrations } from './db/migrations.ts'
import type { PaymentDatabase } from './db/schema.ts'
import { paymentEventHandlers, type PaymentEventHandlers } from './events/consumers.ts'
import { startHousekeeping } from './jobs/housekeeping.ts'
import { notificationRoutes } from './routes/notifications.ts'
import { paymentRoutes } from './routes/payments.ts'
import { pointRoutes } from './routes/points.ts'

export interface PaymentService extends Runnable {
  db: Kysely<PaymentDatabase>
  balances: Balances
  /** the consumers' handlers, for calling a saga step directly */
  handlers: PaymentEventHandlers
}

export async function buildPaymentService(config: PaymentConfig, logger: Logger = createLogger('payment-service', config.LOG_LEVEL)): Promise<PaymentService> {
  const db = createDatabase<PaymentDatabase>({ url: config.DATABASE_URL })
  const redis = createRedis({ url: config.REDIS_URL, keyPrefix: 'payment:', logger })
  await migrateToLatest(db, migrations)
  const balances = new Balances(db, redis, config.BALANCE_CACHE_TTL_SECONDS, logger, (result) => app.metrics.cache('point_balance', result))
  const gateway = new SimulatedGateway({ declineRate: config.PAYMENT_GATEWAY_DECLINE_RATE, latencyMs: config.PAYMENT_GATEWAY_LATENCY_MS })
  const handlers = paymentEventHandlers({ gateway, balances })

  const consumer = createEventConsumer({
    kafka: { brokers: brokers(config.KAFKA_BROKERS), clientId: 'payment-service' },
    db,
    service: 'payment',
    handlers,
    logger,
    onOutcome: (info) => app.metrics.observeOutcome(info),
    onLag: (info) => app.metrics.observeLag(info),
  })

  const app = await createServiceApp({
    service: 'payment-service',
    title: 'payment-service',
    description: 'Payments, points and notifications; the payment and point steps of the payment saga',
    logger,
    keys: remoteKeys(config.JWKS_URL),
    readiness: {
      mysql: { critical: true, probe: async () => (await sql`select 1`.execute(db), { status: 'up' }) },
      kafka: { critical: false, probe: async () => (consumer.ready() || !config.EVENT_CONSUMERS_ENABLED ? { status: 'up' } : { status: 'degraded', detail: 'event consumer has not joined its groups' }) },
      redis: { critical: false, probe: async () => (redisIsUp(redis) ? { status: 'up' } : { status: 'degraded', detail: 'balances are read from MySQL' }) },
    },
  })

  pointRoutes(app, db, balances)
  paymentRoutes(app, db)
  notificationRoutes(app, db)

  let stopHousekeeping: (() => Promise<void>) | undefined
  app.addHook('onClose', async () => {
    await stopHousekeeping?.()
    await consumer.stop()
    redis.disconnect()
    await db.destroy()
  })

  return {
    app,
    db,
    balances,
    handlers,
    start: async () => {
      if (config.EVENT_CONSUMERS_ENABLED) await consumer.start()
      stopHousekeeping = startHousekeeping(db, { outboxRetentionHours: config.OUTBOX_RETENTION_HOURS, logger })
    },
  }
}
