import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Redis } from 'ioredis'
import type { EventHandler, EventHandlers, EventName, EventPayload } from '@concert/outbox'
import { ChangeFeed } from '@concert/platform'
import { reservationStates, type ReservationState } from '../db/reservation-states.ts'
import type { OrderDatabase } from '../db/schema.ts'

/** ACLs give order-service the channels `order:*`; ioredis does not prefix channels. */
export const RESERVATION_CHANGES_CHANNEL = 'order:reservation-changes'

export type ReservationFeed = ChangeFeed<ReservationState>

export function createReservationFeed(options: { db: Kysely<OrderDatabase>; redisUrl: string; publisher: Redis | undefined; logger: Logger }): ReservationFeed {
  return new ChangeFeed<ReservationState>({
    redisUrl: options.redisUrl,
    publisher: options.publisher,
    channel: RESERVATION_CHANGES_CHANNEL,
    probe: (ids) => reservationStates(options.db, ids),
    logger: options.logger,
  })
}

/**
 * The consumed events that move a reservation or its order, and the id they are announced under: a
 * waiting GET /reservations/{id}?wait= listens for its reservation id and its order id.
 */
const CHANGED_BY = {
  ReservationConfirmedEvent: (event) => event.reservationId,
  ReservationRollbackEvent: (event) => event.reservationId,
  PaymentRequestedEvent: (event) => event.orderId,
  OrderRollbackEvent: (event) => event.orderId,
  PointDeductedEvent: (event) => event.orderId,
  // The refund saga's answers: the second one moves the order to REFUNDED.
  PaymentRefundedEvent: (event) => event.orderId,
  RefundSeatsReleasedEvent: (event) => event.orderId,
} satisfies { [N in EventName]?: (event: EventPayload<N>) => string }

/**
 * The handlers, each announcing its change after its transaction commits (ctx.afterCommit), so a
 * waiter never reads a state older than the notice. An ignored event changed nothing: no notice.
 */
export function announcingChanges(handlers: EventHandlers<OrderDatabase>, feed: ReservationFeed): EventHandlers<OrderDatabase> {
  const wrapped: EventHandlers<OrderDatabase> = { ...handlers }
  for (const name of Object.keys(CHANGED_BY) as (keyof typeof CHANGED_BY)[]) {
    const handler = handlers[name] as EventHandler<OrderDatabase, typeof name> | undefined
    if (!handler) continue
    const keyOf = CHANGED_BY[name] as (event: EventPayload<typeof name>) => string
    const announcing: EventHandler<OrderDatabase, typeof name> = async (trx, event, ctx) => {
      const result = await handler(trx, event, ctx)
      if (!result || result.outcome === 'applied') ctx.afterCommit(() => feed.publish(keyOf(event)))
      return result
    }
    ;(wrapped as Record<string, unknown>)[name] = announcing
  }
  return wrapped
}
