import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { Gauge, type Registry } from 'prom-client'
import { appendEvent } from '@concert/outbox'
import { canRelease, isExpired } from '../domain/reservation.ts'
import { endBooking, lockBookingByOrder } from '../db/bookings.ts'
import type { OrderDatabase } from '../db/schema.ts'

/**
 * Expires one batch of holds that are past their expiry while their order is PENDING (an order in
 * PAYMENT_PROCESSING keeps its hold until the payment saga decides). SKIP LOCKED lets several
 * instances sweep at once without waiting on each other or on a booking that is in a transition.
 * Returns the reservations it expired.
 */
export async function expireDueHolds(db: Kysely<OrderDatabase>, batchSize: number, now = new Date()): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx.selectFrom('reservation as r')
      .innerJoin('orders as o', 'o.id', 'r.order_id')
      .select(['r.id', 'r.order_id'])
      .where('r.status', 'in', ['PENDING', 'HELD'])
      .where('r.expires_at', '<', now)
      .where('o.status', '=', 'PENDING')
      .orderBy('r.expires_at')
      .limit(batchSize)
      .forUpdate()
      .skipLocked()
      .execute()
    const expired: string[] = []
    for (const { id, order_id: orderId } of due) {
      const booking = await lockBookingByOrder(trx, orderId)
      if (!booking || !canRelease(booking, 'EXPIRED') || !isExpired(booking, now)) continue
      await endBooking(trx, booking, 'EXPIRED', now)
      await appendEvent(trx, {
        type: 'ReservationExpiredEvent',
        payload: { reservationId: id, scheduleId: booking.reservation.schedule_id, seatIds: booking.seatIds, expiredAt: now.toISOString() },
      })
      expired.push(id)
    }
    return expired
  })
}

export interface HoldSweeperOptions {
  db: Kysely<OrderDatabase>
  logger: Logger
  intervalMs: number
  batchSize: number
}

/** Sweeps every `intervalMs` until nothing is due; a failed sweep is logged and retried next tick. */
export function startHoldSweeper({ db, logger, intervalMs, batchSize }: HoldSweeperOptions): () => Promise<void> {
  let running: Promise<void> | undefined
  let stopped = false
  const sweep = async () => {
    let expired: string[]
    do {
      expired = await expireDueHolds(db, batchSize)
      if (expired.length > 0) logger.info({ reservations: expired }, 'expired holds')
    } while (!stopped && expired.length === batchSize)
  }
  const timer = setInterval(() => {
    if (running) return
    running = sweep()
      .catch((error: Error) => logger.warn({ err: error.message }, 'hold sweep failed; retrying next tick'))
      .finally(() => { running = undefined })
  }, intervalMs)
  return async () => {
    stopped = true
    clearInterval(timer)
    await running
  }
}

/** `holds_active` (dashboard "Seat holds active"): live reservations, counted over the sweeper's index. */
export function registerHoldsGauge(registry: Registry, db: Kysely<OrderDatabase>): void {
  new Gauge({
    name: 'holds_active',
    help: 'Reservations holding seats that are not yet paid, cancelled or expired (PENDING or HELD)',
    registers: [registry],
    async collect() {
      const row = await db.selectFrom('reservation').select((eb) => eb.fn.countAll<number>().as('count'))
        .where('status', 'in', ['PENDING', 'HELD']).executeTakeFirst().catch(() => undefined)
      if (row) this.set(Number(row.count))
    },
  })
}

/**
 * `saga_oldest_seconds{saga,state}` (alert SagaStuck in debezium/alerts.yml): how long the oldest
 * reservation has been PENDING (concert has not answered the hold) and the oldest order PAYMENT_PROCESSING
 * (payment has not answered), 0 when there is none. Both reads go through the reservation status index.
 */
export function registerSagaAgeGauge(registry: Registry, db: Kysely<OrderDatabase>): void {
  new Gauge({
    name: 'saga_oldest_seconds',
    help: 'Age of the oldest saga waiting in a state: reservation PENDING, order PAYMENT_PROCESSING (since its last change)',
    labelNames: ['saga', 'state'],
    registers: [registry],
    async collect() {
      const now = Date.now()
      const age = (at: Date | string | null | undefined) => (at ? Math.max(0, (now - new Date(at).getTime()) / 1000) : 0)
      const [pending, paying] = await Promise.all([
        db.selectFrom('reservation').select((eb) => eb.fn.min('updated_at').as('at')).where('status', '=', 'PENDING').executeTakeFirst().catch(() => undefined),
        db.selectFrom('reservation').innerJoin('orders', 'orders.id', 'reservation.order_id').select((eb) => eb.fn.min('orders.updated_at').as('at'))
          .where('reservation.status', 'in', ['PENDING', 'HELD']).where('orders.status', '=', 'PAYMENT_PROCESSING').executeTakeFirst().catch(() => undefined),
      ])
      if (pending) this.set({ saga: 'reservation', state: 'PENDING' }, age(pending.at as Date | null))
      if (paying) this.set({ saga: 'payment', state: 'PAYMENT_PROCESSING' }, age(paying.at as Date | null))
    },
  })
}
