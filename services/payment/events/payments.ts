import type { Transaction } from 'kysely'
import { appendEvent, type EventPayload, type HandlerContext, type HandlerResult } from '@concert/outbox'
import type { Authorization, AuthorizationRequest, PaymentGateway } from '../domain/gateway.ts'
import { FailureReason, refusal } from '../domain/payment.ts'
import { findPaymentMovement } from '../db/points.ts'
import { lockPayment, updatePaymentStatus } from '../db/payments.ts'
import type { PaymentDatabase, PaymentTable } from '../db/schema.ts'
import { applied, ignored } from './outcomes.ts'

type Trx = Transaction<PaymentDatabase>

/** The payment an event is about, locked; an event naming another order is not about it. */
export async function lockPaymentOf(trx: Trx, event: { paymentId: string; orderId: string }): Promise<PaymentTable | string> {
  const payment = await lockPayment(trx, event.paymentId)
  if (!payment) return `unknown payment ${event.paymentId}`
  if (payment.order_id !== event.orderId) return `payment ${payment.id} belongs to another order`
  return payment
}

/** A gateway that fails or times out declines: the order goes back to PENDING and the user may retry. */
async function authorize(gateway: PaymentGateway, request: AuthorizationRequest, ctx: HandlerContext): Promise<Authorization> {
  try {
    return await gateway.authorize(request)
  } catch (error) {
    ctx.logger.warn({ err: (error as Error).message, paymentId: request.paymentId }, 'payment gateway failed; treating it as a decline')
    return { approved: false, reason: 'gateway error' }
  }
}

/**
 * Saga step 3. PAYMENT_PROCESSING: authorize at the gateway, then COMPLETED + PaymentCompletedEvent
 * (which starts the point step), or CANCELLED + OrderRollbackEvent. PAYMENT_REJECTED: REJECTED.
 *
 * The gateway is called inside this transaction, holding this payment's row lock: nothing else
 * waits on that row at this point of the saga, the outcome and its event commit atomically, and a
 * crash before the commit redelivers the event, when a real adapter's idempotency key (paymentId)
 * stops a second authorization. The cost is one pooled connection per in-flight authorization.
 */
export async function onOrderStatusUpdated(
  trx: Trx, event: EventPayload<'OrderStatusUpdatedEvent'>, ctx: HandlerContext, gateway: PaymentGateway,
): Promise<HandlerResult> {
  const payment = await lockPaymentOf(trx, event)
  if (typeof payment === 'string') return ignored(payment)

  if (event.status === 'PAYMENT_REJECTED') {
    const refused = refusal(payment.status, 'REJECTED')
    if (refused) return ignored(refused)
    await updatePaymentStatus(trx, payment, 'REJECTED', { failureReason: event.reason ?? FailureReason.rejected })
    return applied
  }

  const refused = refusal(payment.status, 'COMPLETED')
  if (refused) return ignored(refused)
  const decision: Authorization = event.amount > 0
    ? await authorize(gateway, { paymentId: payment.id, orderId: payment.order_id, userId: payment.user_id, amount: event.amount }, ctx)
    : { approved: false, reason: 'nothing to authorize' }
  if (decision.approved) {
    await updatePaymentStatus(trx, payment, 'COMPLETED', { amount: event.amount })
    await appendEvent(trx, {
      type: 'PaymentCompletedEvent',
      payload: {
        paymentId: payment.id, orderId: payment.order_id, reservationId: event.reservationId,
        userId: payment.user_id, amount: event.amount, paymentDate: new Date().toISOString(),
      },
    })
    return applied
  }
  const reason = event.amount > 0 ? FailureReason.declined : FailureReason.invalidAmount
  ctx.logger.info({ paymentId: payment.id, reason, detail: decision.reason }, 'payment not authorized')
  await updatePaymentStatus(trx, payment, 'CANCELLED', { amount: event.amount, failureReason: reason })
  await appendEvent(trx, { type: 'OrderRollbackEvent', payload: { orderId: payment.order_id, paymentId: payment.id, reason } })
  return applied
}

/**
 * COMPLETED → CANCELLED. From our own point step (no points were taken) the order must also go back
 * to PENDING, so OrderRollbackEvent follows; from order-service (after it asked for a refund, the
 * order is already CANCELLED) it must not. A USE linked to the payment tells the two apart.
 */
export async function onPaymentRollback(trx: Trx, event: EventPayload<'PaymentRollbackEvent'>): Promise<HandlerResult> {
  const payment = await lockPaymentOf(trx, event)
  if (typeof payment === 'string') return ignored(payment)
  if (payment.status !== 'COMPLETED') return ignored(`payment is ${payment.status}; only a COMPLETED payment is rolled back`)
  await updatePaymentStatus(trx, payment, 'CANCELLED', { failureReason: event.reason })
  const deducted = await findPaymentMovement(trx, payment.id, 'USE')
  if (!deducted) {
    await appendEvent(trx, { type: 'OrderRollbackEvent', payload: { orderId: payment.order_id, paymentId: payment.id, reason: event.reason } })
  }
  return applied
}
