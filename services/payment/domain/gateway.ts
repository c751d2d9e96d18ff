/**
 * The payment-gateway port (the seed's "PG 연동"). The saga only needs an authorization decision;
 * a real PG adapter implements this interface and uses `paymentId` as its idempotency key, so a
 * redelivered event never authorizes twice at the PG.
 */
export interface AuthorizationRequest {
  paymentId: string
  orderId: string
  userId: string
  amount: number
}

export type Authorization =
  | { approved: true }
  | { approved: false; reason: string }

export interface PaymentGateway {
  /** Resolves with the decision; rejects when the gateway cannot be reached or fails. */
  authorize(request: AuthorizationRequest): Promise<Authorization>
}

/**
 * A stable number in [0, 1) per payment id, so the simulator's decision for a payment never changes
 * (a retried event gets the same answer), while different payments spread uniformly.
 */
export function paymentFraction(paymentId: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < paymentId.length; i++) {
    hash ^= paymentId.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash / 0x1_0000_0000
}

/** Rate 0 never declines, rate 1 always does, anything in between declines that share of payments. */
export function simulatedDecline(paymentId: string, declineRate: number): boolean {
  return paymentFraction(paymentId) < declineRate
}
