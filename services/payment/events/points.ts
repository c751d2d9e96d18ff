import type { Transaction } from 'kysely'
import { appendEvent, type EventPayload, type HandlerContext, type HandlerResult } from '@concert/outbox'
import { FailureReason } from '../domain/payment.ts'
import { refund, use } from '../domain/points.ts'
import type { Balances } from '../db/balances.ts'
import { findPaymentMovement, lockPoint, recordPointMovement } from '../db/points.ts'
import type { PaymentDatabase } from '../db/schema.ts'
import { applied, ignored } from './outcomes.ts'
import { lockPaymentOf } from './payments.ts'

type Trx = Transaction<PaymentDatabase>

/**
 * Saga step 4 (our own PaymentCompletedEvent): take the payment's amount from the user's points
 * → PointDeductedEvent, or PaymentRollbackEvent when they do not have enough. Locks payment, then
 * point, like every other step, so steps never deadlock each other.
 */
export async function onPaymentCompleted(
  trx: Trx, event: EventPayload<'PaymentCompletedEvent'>, ctx: HandlerContext, balances: Balances,
): Promise<HandlerResult> {
  const payment = await lockPaymentOf(trx, event)
  if (typeof payment === 'string') return ignored(payment)
  if (payment.status !== 'COMPLETED') return ignored(`payment is ${payment.status}; points are taken only for a COMPLETED payment`)
  if (await findPaymentMovement(trx, payment.id, 'USE')) return ignored('points were already deducted for this payment')

  const amount = payment.amount ?? event.amount
  const point = await lockPoint(trx, payment.user_id)
  const change = use(point?.balance, amount)
  if (!point || !change.ok) {
    await appendEvent(trx, {
      type: 'PaymentRollbackEvent',
      payload: { paymentId: payment.id, orderId: payment.order_id, reason: FailureReason.insufficientPoints },
    })
    return applied
  }
  const { transactionId, snapshot } = await recordPointMovement(trx, point, { type: 'USE', amount, balance: change.balance, paymentId: payment.id })
  await appendEvent(trx, {
    type: 'PointDeductedEvent',
    payload: {
      userId: payment.user_id, pointId: transactionId, amount, transactionDate: snapshot.updatedAt.toISOString(),
      paymentId: payment.id, orderId: payment.order_id,
    },
  })
  ctx.afterCommit(() => balances.refresh(snapshot))
  return applied
}

/**
 * Order-service could not confirm a paid reservation: give the points back, once. The refund is
 * what the use took (not what the event says), and the payment-point key allows one per payment.
 */
export async function onPointRollback(
  trx: Trx, event: EventPayload<'PointRollbackEvent'>, ctx: HandlerContext, balances: Balances,
): Promise<HandlerResult> {
  const payment = await lockPaymentOf(trx, event)
  if (typeof payment === 'string') return ignored(payment)
  const used = await findPaymentMovement(trx, payment.id, 'USE')
  if (!used || used.transactionId !== event.pointId) return ignored(`point transaction ${event.pointId} is not this payment's deduction`)
  if (await findPaymentMovement(trx, payment.id, 'REFUND')) return ignored('this deduction was already refunded')
  if (used.amount !== event.amount) ctx.logger.warn({ paymentId: payment.id, used: used.amount, asked: event.amount }, 'refund amount differs from the deduction; refunding the deduction')

  const point = (await lockPoint(trx, payment.user_id))!
  const balance = refund(point.balance, used.amount)
  const { snapshot } = await recordPointMovement(trx, point, { type: 'REFUND', amount: used.amount, balance, paymentId: payment.id })
  ctx.afterCommit(() => balances.refresh(snapshot))
  return applied
}
