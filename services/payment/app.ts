import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { createService, type Runnable } from '@concert/platform'
import { SimulatedGateway } from './adapters/gateway-simulator.ts'
import type { PaymentConfig } from './config.ts'
import { Balances } from './db/balances.ts'
import { migrations } from './db/migrations.ts'
import type { PaymentDatabase } from './db/schema.ts'
import { paymentEventHandlers, type PaymentEventHandlers } from './events/consumers.ts'
import { announcingPaymentChanges, createPaymentFeed } from './events/payment-changes.ts'
import { notificationRoutes } from './routes/notifications.ts'
import { paymentRoutes } from './routes/payments.ts'
import { pointRoutes } from './routes/points.ts'

export interface PaymentService extends Runnable {
  db: Kysely<PaymentDatabase>
  balances: Balances
  /** the consumers' handlers, for calling a saga step directly */
  handlers: PaymentEventHandlers
}

export async function buildPaymentService(config: PaymentConfig, logger?: Logger): Promise<PaymentService> {
  const service = await createService<PaymentDatabase>({
    name: 'payment',
    description: 'Payments, points and notifications; the payment and point steps of the payment saga',
    config,
    logger,
    migrations,
    idempotencyKeys: true,
    redis: { degradedDetail: 'balances are read from MySQL' },
  })
  const { app, db, redis } = service
  const balances = new Balances(db, redis, config.BALANCE_CACHE_TTL_SECONDS, service.logger, (result) => app.metrics.cache('point_balance', result))
  service.job(() => balances.repair.start())
  const gateway = new SimulatedGateway({ declineRate: config.PAYMENT_GATEWAY_DECLINE_RATE, latencyMs: config.PAYMENT_GATEWAY_LATENCY_MS })
  // Long-polls of GET /payments/{id}?wait=: the consumers announce status changes after commit;
  // waiters are answered as the app closes, so they never hold up a graceful stop.
  const feed = createPaymentFeed({ db, redisUrl: config.REDIS_URL, publisher: redis, logger: service.logger })
  app.addHook('preClose', feed.start())
  const handlers = announcingPaymentChanges(paymentEventHandlers({ gateway, balances }), feed)
  service.consume(handlers)

  pointRoutes(app, db, balances)
  paymentRoutes(app, db, { orderWaitMs: config.ORDER_VIEW_WAIT_MS, feed })
  notificationRoutes(app, db)
  return { app, db, balances, handlers, start: service.start }
}
