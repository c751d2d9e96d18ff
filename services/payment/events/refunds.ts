import type { Transaction } from 'kysely'
import { appendEvent, type EventPayload, type HandlerContext, type HandlerResult } from '@concert/outbox'
import { refundCompleted } from '../domain/notifications.ts'
import { refund } from '../domain/points.ts'
import { decideRefund } from '../domain/refund.ts'
import type { Balances } from '../db/balances.ts'
import { updatePaymentStatus } from '../db/payments.ts'
import { findPaymentMovement, lockPoint, recordPointMovement } from '../db/points.ts'
import type { PaymentDatabase } from '../db/schema.ts'
import { notify } from './notifications.ts'
import { applyToOrderView } from './orders.ts'
import { applied, ignored } from './outcomes.ts'
import { lockPaymentOf } from './payments.ts'

type Trx = Transaction<PaymentDatabase>

/**
 * RefundRequestedEvent (the refund saga): the owner cancelled a paid booking. Gives back what the
 * payment's USE took (a REFUND point transaction, balance cache refreshed after commit), marks the
 * payment REFUNDED, ends the order in the read model (POST /payments answers ORDER_NOT_PAYABLE),
 * tells the fan, and answers order-service with PaymentRefundedEvent. Locks payment, then point,
 * like every other step. A refund is never refused by the balance cap (domain/points.ts).
 */
export async function onRefundRequested(
  trx: Trx, event: EventPayload<'RefundRequestedEvent'>, ctx: HandlerContext, balances: Balances,
): Promise<HandlerResult> {
  const payment = await lockPaymentOf(trx, event)
  if (typeof payment === 'string') return ignored(payment)
  if (payment.user_id !== event.userId) return ignored(`payment ${payment.id} belongs to another user`)
  const used = await findPaymentMovement(trx, payment.id, 'USE')
  const decision = decideRefund({ status: payment.status, used, refunded: (await findPaymentMovement(trx, payment.id, 'REFUND')) !== undefined })
  if (decision.kind === 'ignore') return ignored(decision.reason)

  const point = (await lockPoint(trx, payment.user_id))!
  const { transactionId, snapshot } = await recordPointMovement(trx, point, {
    type: 'REFUND', amount: decision.amount, balance: refund(point.balance, decision.amount), paymentId: payment.id,
  })
  await updatePaymentStatus(trx, payment, 'REFUNDED')
  // A read model row that is not PAID (it never is otherwise) just stays as it is.
  await applyToOrderView(trx, { kind: 'refunded', reservationId: event.reservationId, orderId: event.orderId, userId: event.userId })
  await appendEvent(trx, {
    type: 'PaymentRefundedEvent',
    payload: {
      paymentId: payment.id, orderId: payment.order_id, reservationId: event.reservationId, userId: payment.user_id,
      pointId: transactionId, amount: decision.amount, refundedAt: snapshot.updatedAt.toISOString(),
    },
  })
  ctx.afterCommit(() => balances.refresh(snapshot))
  // In a savepoint: a notification that cannot be written never holds the refund back.
  await notify(trx, payment.user_id, refundCompleted({ paymentId: payment.id, amount: decision.amount, seatIds: event.seatIds }), ctx)
  return applied
}
