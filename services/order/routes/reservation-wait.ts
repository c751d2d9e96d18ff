import type { FastifyReply } from 'fastify'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import { WaitSeconds, longPoll, requireStatusWithWait } from '@concert/platform'
import { ORDER_STATUSES, RESERVATION_STATUSES, type OrderStatus, type ReservationStatus } from '../domain/reservation.ts'
import type { ReservationState } from '../db/reservation-states.ts'
import type { OrderDatabase } from '../db/schema.ts'
import { findReservationView, type ReservationView } from '../db/views.ts'
import type { ReservationFeed } from '../events/reservation-changes.ts'

/** GET /reservations/{id}: without `wait` a plain read, as before. */
export const ReservationWaitQuery = Type.Object({
  wait: Type.Optional(WaitSeconds),
  status: Type.Optional(Type.Enum(RESERVATION_STATUSES, { description: 'With wait (required then): the reservation status you have' })),
  orderStatus: Type.Optional(Type.Enum(ORDER_STATUSES, { description: 'With wait: also answer once the order status differs from this one' })),
})  // other parameters are ignored, as before (cache busters)

export interface ReservationWait {
  wait?: number | undefined
  status?: ReservationStatus | undefined
  orderStatus?: OrderStatus | undefined
}

/** Whether the reservation is no longer in the state the client named. */
export function differsFrom(query: ReservationWait, state: ReservationState | undefined): boolean {
  return state === undefined || state.status !== query.status || (query.orderStatus !== undefined && state.orderStatus !== query.orderStatus)
}

/**
 * The caller's reservation (404 for anyone else's at once), after waiting up to `wait` seconds for
 * its status (or order status) to leave the one named; the current view when the wait runs out.
 */
export async function readReservation(
  db: Kysely<OrderDatabase>, feed: ReservationFeed, reply: FastifyReply, reservationId: string, userId: string, query: ReservationWait,
): Promise<ReservationView | undefined> {
  requireStatusWithWait(query)
  return longPoll({
    feed,
    reply,
    waitSeconds: query.wait,
    read: () => findReservationView(db, reservationId, userId),
    differs: (view) => differsFrom(query, view),
    keysOf: (view) => ({ keys: [view.reservationId, view.orderId], probeKey: view.reservationId }),
    done: (state) => differsFrom(query, state),
  })
}
