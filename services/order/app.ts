import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { createService, type Runnable } from '@concert/platform'
import type { OrderConfig } from './config.ts'
import { migrations } from './db/migrations.ts'
import type { OrderDatabase } from './db/schema.ts'
import { orderEventHandlers, withHoldBoard } from './events/consumers.ts'
import { HoldBoard } from './db/hold-board.ts'
import { announcingChanges, createReservationFeed } from './events/reservation-changes.ts'
import { registerHoldsGauge, registerSagaAgeGauge, startHoldSweeper } from './jobs/hold-sweeper.ts'
import { cancellationRoutes } from './routes/cancellations.ts'
import { reservationRoutes } from './routes/reservations.ts'

export interface OrderService extends Runnable {
  db: Kysely<OrderDatabase>
  board: HoldBoard
}

/**
 * The seat_reservation primary key is the only authority on a hold. Redis holds only the hold board
 * (db/hold-board.ts), a hint concert-service's seat map overlays so fans see a hold the moment it commits.
 */
export async function buildOrderService(config: OrderConfig, logger?: Logger): Promise<OrderService> {
  const service = await createService<OrderDatabase>({
    name: 'order',
    description: 'Orders, reservations and seat holds; the order side of the reservation and payment sagas',
    config,
    logger,
    migrations,
    idempotencyKeys: true,
    connectionLimit: 20,
    redis: { degradedDetail: 'holds show in the seat map only after the saga round trip' },
  })
  const { app, db, redis } = service
  const board = new HoldBoard({ db, redis, logger: service.logger })
  service.job(() => board.repair.start())
  // Long-polls of GET /reservations/{id}?wait=: the consumers announce changes after commit; waiters
  // are answered as the app closes, so they never hold up a graceful stop.
  const feed = createReservationFeed({ db, redisUrl: config.REDIS_URL, publisher: redis, logger: service.logger })
  app.addHook('preClose', feed.start())
  service.consume(announcingChanges(withHoldBoard(orderEventHandlers, board), feed))
  service.job(() => startHoldSweeper({ db, logger: service.logger, intervalMs: config.HOLD_SWEEP_INTERVAL_MS, batchSize: config.HOLD_SWEEP_BATCH_SIZE }))
  registerHoldsGauge(app.metrics.registry, db)
  registerSagaAgeGauge(app.metrics.registry, db)
  reservationRoutes(app, { db, holdTtlSeconds: config.HOLD_TTL_SECONDS, ticketLimit: config.TICKETS_PER_FAN_PER_PERFORMANCE, board, feed })
  cancellationRoutes(app, { db, closesHoursBeforeStart: config.CANCELLATION_CLOSES_HOURS_BEFORE_START, afterRelease: (hold) => board.released(hold) })
  return { app, db, board, start: service.start }
}
