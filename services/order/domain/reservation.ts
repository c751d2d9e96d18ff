/**
 * The reservation and order state machines (SPEC §7) and the saga's decisions over them. Pure: every
 * function takes the current state (and the time) and says what may happen; the callers do the I/O.
 */

export const RESERVATION_STATUSES = ['PENDING', 'HELD', 'CONFIRMED', 'CANCELLED', 'EXPIRED'] as const
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number]

export const ORDER_STATUSES = ['PENDING', 'PAYMENT_PROCESSING', 'PAID', 'CANCELLED', 'REFUND_REQUESTED', 'REFUNDED'] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

const RESERVATION_TRANSITIONS: Record<ReservationStatus, readonly ReservationStatus[]> = {
  PENDING: ['HELD', 'CANCELLED', 'EXPIRED'],
  HELD: ['CONFIRMED', 'CANCELLED', 'EXPIRED'],
  // A paid booking the owner cancelled (refund saga, domain/refund.ts), once the refund has completed.
  CONFIRMED: ['CANCELLED'],
  CANCELLED: [],
  EXPIRED: [],
}

const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ['PAYMENT_PROCESSING', 'CANCELLED'],
  PAYMENT_PROCESSING: ['PAID', 'PENDING', 'CANCELLED'],
  // The refund saga: the owner cancelled; REFUNDED once the points are back and the seats free.
  PAID: ['REFUND_REQUESTED'],
  CANCELLED: [],
  REFUND_REQUESTED: ['REFUNDED'],
  REFUNDED: [],
}

export const canMoveReservation = (from: ReservationStatus, to: ReservationStatus): boolean => RESERVATION_TRANSITIONS[from].includes(to)
export const canMoveOrder = (from: OrderStatus, to: OrderStatus): boolean => ORDER_TRANSITIONS[from].includes(to)

/** The parts of a reservation and its order that the saga's decisions look at. */
export interface Booking {
  reservationStatus: ReservationStatus
  orderStatus: OrderStatus
  userId: string
  expiresAt: Date
  paymentId: string | null
}

/**
 * Releasing a hold on request of the user (DELETE) or the clock (sweeper) needs the order to be
 * PENDING: once a payment is in flight the seats stay held until the payment saga decides.
 */
export function canRelease(booking: Booking, to: 'CANCELLED' | 'EXPIRED'): boolean {
  return canMoveReservation(booking.reservationStatus, to) && booking.orderStatus === 'PENDING'
}

export const isExpired = (booking: Pick<Booking, 'expiresAt'>, now: Date): boolean => booking.expiresAt.getTime() <= now.getTime()

export type PaymentRejection = 'ORDER_NOT_FOUND' | 'NOT_OWNER' | 'ORDER_NOT_PENDING' | 'RESERVATION_NOT_HELD' | 'RESERVATION_EXPIRED'

export type PaymentRequestDecision =
  | { kind: 'accept' }
  | { kind: 'reject'; reason: PaymentRejection }
  /** The same payment again (a re-emitted request): the order already follows it. */
  | { kind: 'ignore'; reason: string }

/** PaymentRequestedEvent: may this payment start on this order now? */
export function decidePaymentRequest(booking: Booking | undefined, payment: { paymentId: string; userId: string }, now: Date): PaymentRequestDecision {
  if (!booking) return { kind: 'reject', reason: 'ORDER_NOT_FOUND' }
  if (booking.userId !== payment.userId) return { kind: 'reject', reason: 'NOT_OWNER' }
  if (booking.paymentId === payment.paymentId && (booking.orderStatus === 'PAYMENT_PROCESSING' || booking.orderStatus === 'PAID')) {
    return { kind: 'ignore', reason: `order already ${booking.orderStatus} for this payment` }
  }
  if (booking.orderStatus !== 'PENDING') return { kind: 'reject', reason: 'ORDER_NOT_PENDING' }
  if (booking.reservationStatus !== 'HELD') return { kind: 'reject', reason: 'RESERVATION_NOT_HELD' }
  if (isExpired(booking, now)) return { kind: 'reject', reason: 'RESERVATION_EXPIRED' }
  return { kind: 'accept' }
}

export type PointsDeductedDecision =
  | { kind: 'pay' }
  /** Points were taken but the seats cannot be sold: cancel and give the points back. */
  | { kind: 'refund'; reason: string }
  | { kind: 'ignore'; reason: string }

/** PointDeductedEvent: the last step of the payment saga. */
export function decidePointsDeducted(booking: Booking, paymentId: string): PointsDeductedDecision {
  if (booking.paymentId !== paymentId) return { kind: 'ignore', reason: 'the order is not processing this payment' }
  if (booking.orderStatus !== 'PAYMENT_PROCESSING') return { kind: 'ignore', reason: `order is ${booking.orderStatus}` }
  if (booking.reservationStatus !== 'HELD') return { kind: 'refund', reason: `RESERVATION_${booking.reservationStatus}` }
  return { kind: 'pay' }
}

/** A guarded transition's answer: go ahead, or why the event does not apply. */
export type Verdict = { ok: true } | { ok: false; reason: string }
const go: Verdict = { ok: true }
const no = (reason: string): Verdict => ({ ok: false, reason })

export type SeatsConfirmedDecision =
  | { kind: 'hold' }
  /**
   * Concert holds seats for a reservation that has already ended here (a late or replayed
   * SeatReservedEvent reached concert after the expiry or cancellation): announce the ending again
   * so concert frees them. Concert frees only seats this very reservation holds.
   */
  | { kind: 'release'; as: 'EXPIRED' | 'CANCELLED' }
  | { kind: 'ignore'; reason: string }

/** ReservationConfirmedEvent: concert held the seats; a reservation still waiting for it moves. */
export function decideSeatsConfirmed(booking: Pick<Booking, 'reservationStatus'>): SeatsConfirmedDecision {
  const status = booking.reservationStatus
  if (status === 'PENDING') return { kind: 'hold' }
  if (status === 'EXPIRED' || status === 'CANCELLED') return { kind: 'release', as: status }
  // HELD or CONFIRMED: concert answered this reservation already and holds (or sold) its seats.
  return { kind: 'ignore', reason: `reservation is ${status}` }
}

/**
 * ReservationRollbackEvent: concert refused the seats. Concert answers a SeatReservedEvent once,
 * with a confirmation or a rollback, so only a PENDING reservation can be refused.
 */
export function decideSeatsRefused(booking: Booking): Verdict {
  if (booking.reservationStatus !== 'PENDING') return no(`reservation is ${booking.reservationStatus}`)
  return go
}

/** OrderRollbackEvent: the payment failed; the order goes back to PENDING and keeps its hold. */
export function decidePaymentRolledBack(booking: Booking, paymentId: string): Verdict {
  if (booking.orderStatus !== 'PAYMENT_PROCESSING') return no(`order is ${booking.orderStatus}`)
  if (booking.paymentId !== paymentId) return no('the order is processing another payment')
  return go
}
