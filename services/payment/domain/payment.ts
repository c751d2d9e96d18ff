/**
 * The payment state machine (SPEC §7), free of I/O. REQUESTED waits for order-service; COMPLETED
 * means the gateway authorized it and the point step is pending or done; CANCELLED (declined, or
 * rolled back later) and REJECTED (order-service said no) are final. REFUNDED: the owner cancelled the paid
 * booking and the points were given back (the refund saga, events/refunds.ts); final.
 */
export type PaymentStatus = 'REQUESTED' | 'COMPLETED' | 'CANCELLED' | 'REJECTED' | 'REFUNDED'

const TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  REQUESTED: ['COMPLETED', 'REJECTED', 'CANCELLED'],
  COMPLETED: ['CANCELLED', 'REFUNDED'],
  CANCELLED: [],
  REJECTED: [],
  REFUNDED: [],
}

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/** A live payment blocks another payment for the same order. */
export function isLive(status: PaymentStatus): boolean {
  return status === 'REQUESTED' || status === 'COMPLETED'
}

/**
 * The value of `payment.live_order_id`: the order id while the payment is live, NULL once it has
 * ended. A unique key on that column makes "one live payment per order" a database rule.
 */
export function liveOrderId(status: PaymentStatus, orderId: string): string | null {
  return isLive(status) ? orderId : null
}

export const FailureReason = {
  declined: 'PAYMENT_DECLINED',
  rejected: 'PAYMENT_REJECTED',
  insufficientPoints: 'INSUFFICIENT_POINTS',
  invalidAmount: 'INVALID_AMOUNT',
} as const

/** Why a transition does not apply, for the consumer's `ignored` outcome; undefined when it does. */
export function refusal(from: PaymentStatus, to: PaymentStatus): string | undefined {
  return canTransition(from, to) ? undefined : `payment is ${from}; it cannot become ${to}`
}

/** Why POST /payments starts nothing. */
export type PaymentRefusal = 'ORDER_NOT_FOUND' | 'ORDER_NOT_PAYABLE' | 'PAYMENT_IN_PROGRESS'

/** Thrown by the domain and the data layer when a payment may not start; the route answers it. */
export class PaymentRefused extends Error {
  constructor(readonly reason: PaymentRefusal) {
    super(reason)
    this.name = 'PaymentRefused'
  }
}
