/**
 * The payment step of the refund saga (issue 11), pure: the owner cancelled a paid booking and
 * order-service asks for the points back. Only a COMPLETED payment whose points were taken is
 * refunded, in full (what the USE took), once: the payment_point key allows one REFUND per payment.
 */
import { refusal, type PaymentStatus } from './payment.ts'

export interface RefundFacts {
  status: PaymentStatus
  /** the USE linked to the payment, if points were taken */
  used: { amount: number } | undefined
  /** a REFUND is already linked to the payment */
  refunded: boolean
}

export type RefundDecision = { kind: 'refund'; amount: number } | { kind: 'ignore'; reason: string }

export function decideRefund({ status, used, refunded }: RefundFacts): RefundDecision {
  if (refunded) return { kind: 'ignore', reason: 'this payment was already refunded' }
  const refused = refusal(status, 'REFUNDED')
  if (refused) return { kind: 'ignore', reason: refused }
  if (!used) return { kind: 'ignore', reason: 'no points were taken for this payment' }
  return { kind: 'refund', amount: used.amount }
}
