/**
 * payment-service's read model of orders, fed by order-service's and concert-service's reservation
 * events, and the rule POST /payments applies to it before it writes or locks anything. Pure.
 *
 * OPEN: held or being held, may be paid. ENDED: the reservation was cancelled, expired or refused by
 * concert, or its paid booking was refunded (PAID → ENDED, the one move out of PAID). PAID: order-service
 * sold the seats. ENDED is final and PAID ends only by a refund, so a late or redelivered
 * event never reopens an order. The ending events are keyed by reservation and carry no order id or
 * user; one arriving before the SeatReservedEvent leaves a row without them (a tombstone) that the
 * SeatReservedEvent later completes without changing its status.
 */
import type { PaymentRefusal } from './payment.ts'

export type OrderViewStatus = 'OPEN' | 'ENDED' | 'PAID'

export interface OrderView {
  reservationId: string
  /** null until a SeatReservedEvent or ReservationPaidEvent names it */
  orderId: string | null
  userId: string | null
  status: OrderViewStatus
  expiresAt: Date | null
}

/** What an event says about a reservation's order. */
export type OrderFact =
  | { kind: 'reserved'; reservationId: string; orderId: string; userId: string; expiresAt: Date }
  | { kind: 'ended'; reservationId: string }
  | { kind: 'paid'; reservationId: string; orderId: string; userId: string }
  /** the paid booking was cancelled and refunded (RefundRequestedEvent) */
  | { kind: 'refunded'; reservationId: string; orderId: string; userId: string }

const STATUS_AFTER: Record<OrderFact['kind'], OrderViewStatus> = { reserved: 'OPEN', ended: 'ENDED', paid: 'PAID', refunded: 'ENDED' }

/** Only an OPEN order moves, and only to a final status; a refund ends a PAID one. */
export const canMoveOrderView = (from: OrderViewStatus, to: OrderViewStatus, refund = false): boolean =>
  (from === 'OPEN' && to !== 'OPEN') || (refund && from === 'PAID' && to === 'ENDED')

export type OrderViewChange = { ok: true; view: OrderView } | { ok: false; reason: string }

/**
 * The view after an event: the status moves if the transition is allowed, and ids and expiry a
 * tombstone lacks are filled in. Nothing changing (a redelivery, a late event) is a refusal.
 */
export function applyOrderFact(current: OrderView | undefined, fact: OrderFact): OrderViewChange {
  const to = STATUS_AFTER[fact.kind]
  const orderId = fact.kind === 'ended' ? null : fact.orderId
  const userId = fact.kind === 'ended' ? null : fact.userId
  const expiresAt = fact.kind === 'reserved' ? fact.expiresAt : null
  if (!current) return { ok: true, view: { reservationId: fact.reservationId, orderId, userId, status: to, expiresAt } }

  const view: OrderView = {
    reservationId: current.reservationId,
    orderId: current.orderId ?? orderId,
    userId: current.userId ?? userId,
    status: canMoveOrderView(current.status, to, fact.kind === 'refunded') ? to : current.status,
    expiresAt: current.expiresAt ?? expiresAt,
  }
  const changed = view.status !== current.status || view.orderId !== current.orderId
    || view.userId !== current.userId || view.expiresAt !== current.expiresAt
  if (!changed) return { ok: false, reason: current.status === to ? `order is already ${to}` : `order is ${current.status}; it does not become ${to}` }
  return { ok: true, view }
}

export const isOwnOrder = (order: OrderView | undefined, userId: string): order is OrderView => order?.userId === userId

/**
 * May `userId` start a payment for this order now? An unknown order and another user's get the same
 * answer, so order ids cannot be probed. A live payment is checked before the clock, so a fan whose
 * payment is in flight past the hold's expiry hears that, not that the order has ended.
 */
export function paymentRefusal(
  order: OrderView | undefined, userId: string, livePayment: boolean, now: Date,
): PaymentRefusal | undefined {
  if (!isOwnOrder(order, userId)) return 'ORDER_NOT_FOUND'
  if (order.status === 'PAID') return 'PAYMENT_IN_PROGRESS'
  if (order.status === 'ENDED') return 'ORDER_NOT_PAYABLE'
  if (livePayment) return 'PAYMENT_IN_PROGRESS'
  // order-service rejects a payment for an expired hold even before its sweeper ends it.
  if (order.expiresAt && order.expiresAt.getTime() <= now.getTime()) return 'ORDER_NOT_PAYABLE'
  return undefined
}
