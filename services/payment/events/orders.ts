import type { Transaction } from 'kysely'
import { TransientError, type EventPayload, type HandlerResult } from '@concert/outbox'
import { applyOrderFact, type OrderFact } from '../domain/orders.ts'
import { lockOrderView, saveOrderView } from '../db/orders.ts'
import type { PaymentDatabase } from '../db/schema.ts'
import { applied, ignored } from './outcomes.ts'

type Trx = Transaction<PaymentDatabase>

/**
 * Applies one reservation event to the order read model as a guarded transition on the locked row.
 * SeatReservedEvent and the endings come on different topics, so two may race for a reservation's
 * first row: the loser retries and then sees the winner's row.
 */
export async function applyToOrderView(trx: Trx, fact: OrderFact): Promise<HandlerResult> {
  const current = await lockOrderView(trx, fact.reservationId)
  const change = applyOrderFact(current, fact)
  if (!change.ok) return ignored(change.reason)
  if (!(await saveOrderView(trx, change.view, current !== undefined, new Date()))) {
    throw new TransientError(`order view of reservation ${fact.reservationId} was written concurrently (or its order id is taken)`)
  }
  return applied
}

export const onSeatReserved = (trx: Trx, event: EventPayload<'SeatReservedEvent'>) => applyToOrderView(trx, {
  kind: 'reserved', reservationId: event.reservationId, orderId: event.orderId, userId: event.userId, expiresAt: new Date(event.expiresAt),
})

/** Refused by concert, expired or cancelled: the order can no longer be paid. */
export const onReservationEnded = (trx: Trx, event: { reservationId: string }) =>
  applyToOrderView(trx, { kind: 'ended', reservationId: event.reservationId })

export const onReservationPaid = (trx: Trx, event: EventPayload<'ReservationPaidEvent'>) => applyToOrderView(trx, {
  kind: 'paid', reservationId: event.reservationId, orderId: event.orderId, userId: event.userId,
})
