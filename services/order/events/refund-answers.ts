import type { Transaction } from 'kysely'
import type { EventPayload, HandlerResult } from '@concert/outbox'
import { decideRefundAnswer, type RefundAnswer } from '../domain/refund.ts'
import { lockBookingByOrder, type LockedBooking } from '../db/bookings.ts'
import { completeRefund, findRefund, recordPointsRefunded, recordSeatsReleased } from '../db/refunds.ts'
import type { OrderDatabase } from '../db/schema.ts'

/**
 * The order-service end of the refund saga (domain/refund.ts): payment-service's and
 * concert-service's answers to RefundRequestedEvent, in either order. Each is recorded once; the
 * second one completes the refund (order REFUNDED, reservation CANCELLED). A redelivered or late
 * answer is ignored, like every guarded transition.
 */
type Trx = Transaction<OrderDatabase>

async function answer(trx: Trx, orderId: string, step: RefundAnswer, record: (booking: LockedBooking, at: Date) => Promise<void>): Promise<HandlerResult> {
  const booking = await lockBookingByOrder(trx, orderId)
  if (!booking) return { outcome: 'ignored', reason: 'unknown order' }
  const refund = await findRefund(trx, orderId)
  const decision = decideRefundAnswer(booking, refund?.progress, step)
  if (decision.kind === 'ignore') return { outcome: 'ignored', reason: decision.reason }
  const at = new Date()
  await record(booking, at)
  if (decision.complete) await completeRefund(trx, booking, at)
  return { outcome: 'applied' }
}

/** PaymentRefundedEvent: the points are back and the payment is REFUNDED. */
export const onPaymentRefunded = (trx: Trx, event: EventPayload<'PaymentRefundedEvent'>): Promise<HandlerResult> =>
  answer(trx, event.orderId, { step: 'points', paymentId: event.paymentId }, (booking, at) => recordPointsRefunded(trx, booking.order.id, event.pointId, at))

/** RefundSeatsReleasedEvent: concert made the seats AVAILABLE; order frees them too (its SOLD rows go). */
export const onRefundSeatsReleased = (trx: Trx, event: EventPayload<'RefundSeatsReleasedEvent'>): Promise<HandlerResult> =>
  answer(trx, event.orderId, { step: 'seats' }, (booking, at) => recordSeatsReleased(trx, booking, at))
