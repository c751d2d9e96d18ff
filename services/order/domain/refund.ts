/**
 * Cancelling a booking (issue 11), pure. An unpaid hold is released as DELETE does; a paid booking
 * (reservation CONFIRMED, order PAID) is cancelled by its owner until CANCELLATION_CLOSES_HOURS_BEFORE_START
 * before the show and fully refunded through the refund saga:
 *
 *   order PAID → REFUND_REQUESTED (RefundRequestedEvent)
 *     payment-service: points back, payment REFUNDED (PaymentRefundedEvent)
 *     concert-service: seats AVAILABLE (RefundSeatsReleasedEvent)
 *     review-service: attendance withdrawn
 *   order REFUND_REQUESTED → REFUNDED and reservation CONFIRMED → CANCELLED once both answers are in.
 *
 * The two answers come on different topics in either order; each is recorded once, and the second
 * completes the saga.
 */
import { canMoveOrder, canRelease, type Booking } from './reservation.ts'

/** The reservation's failure_reason once a paid booking was cancelled by its owner and refunded. */
export const REFUND_REASON = 'CANCELLED_BY_FAN'

export type CancellationRefusal =
  /** expired, refused by concert, or a payment in flight */
  | { code: 'RESERVATION_NOT_CANCELLABLE' }
  /** cancelled before (a refund is under way or done): a second cancel with another key */
  | { code: 'ALREADY_CANCELLED' }
  /** the deadline before the show has passed */
  | { code: 'CANCELLATION_CLOSED'; closesAt: Date | null }

export type CancellationDecision =
  | { kind: 'release' }
  | { kind: 'refund'; paymentId: string }
  | { kind: 'refuse'; refusal: CancellationRefusal }

/** The last moment a paid booking may be cancelled: `hoursBefore` hours before the show starts. */
export const cancellationClosesAt = (startsAt: Date, hoursBefore: number): Date => new Date(startsAt.getTime() - hoursBefore * 3_600_000)

/**
 * May the owner cancel this booking now, and how? `startsAt` is the schedule's start (from the
 * schedule read model; undefined if unknown, which closes cancellation: no deadline can be checked).
 */
export function decideCancellation(booking: Booking, startsAt: Date | undefined, now: Date, hoursBefore: number): CancellationDecision {
  if (canRelease(booking, 'CANCELLED')) return { kind: 'release' }
  const refuse = (refusal: CancellationRefusal): CancellationDecision => ({ kind: 'refuse', refusal })
  if (booking.orderStatus === 'REFUND_REQUESTED' || booking.orderStatus === 'REFUNDED' || booking.reservationStatus === 'CANCELLED') {
    return refuse({ code: 'ALREADY_CANCELLED' })
  }
  if (booking.reservationStatus !== 'CONFIRMED' || !canMoveOrder(booking.orderStatus, 'REFUND_REQUESTED') || !booking.paymentId) {
    return refuse({ code: 'RESERVATION_NOT_CANCELLABLE' })
  }
  if (!startsAt) return refuse({ code: 'CANCELLATION_CLOSED', closesAt: null })
  const closesAt = cancellationClosesAt(startsAt, hoursBefore)
  if (now.getTime() >= closesAt.getTime()) return refuse({ code: 'CANCELLATION_CLOSED', closesAt })
  return { kind: 'refund', paymentId: booking.paymentId }
}

/** What order-service has heard back during a refund (order_refund row). */
export interface RefundProgress {
  paymentId: string
  pointsRefunded: boolean
  seatsReleased: boolean
}

export type RefundAnswer = { step: 'points'; paymentId: string } | { step: 'seats' }

export type RefundStepDecision =
  /** record this answer; `complete` when it was the last one missing */
  | { kind: 'record'; complete: boolean }
  | { kind: 'ignore'; reason: string }

/** PaymentRefundedEvent / RefundSeatsReleasedEvent: one of the two answers the saga waits for. */
export function decideRefundAnswer(booking: Pick<Booking, 'orderStatus'>, refund: RefundProgress | undefined, answer: RefundAnswer): RefundStepDecision {
  if (!refund) return { kind: 'ignore', reason: 'no refund was requested for this order' }
  if (booking.orderStatus !== 'REFUND_REQUESTED') return { kind: 'ignore', reason: `order is ${booking.orderStatus}` }
  if (answer.step === 'points') {
    if (answer.paymentId !== refund.paymentId) return { kind: 'ignore', reason: 'the refund is for another payment' }
    if (refund.pointsRefunded) return { kind: 'ignore', reason: 'points already refunded' }
    return { kind: 'record', complete: refund.seatsReleased }
  }
  if (refund.seatsReleased) return { kind: 'ignore', reason: 'seats already released' }
  return { kind: 'record', complete: refund.pointsRefunded }
}
