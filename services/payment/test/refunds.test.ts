/**
 * The payment step of the refund saga (issue 11): RefundRequestedEvent gives the points back once
 * (a REFUND point transaction, balance cache refreshed), marks the payment REFUNDED, ends the order in
 * the read model, tells the fan and answers PaymentRefundedEvent; a replay changes nothing.
 */
import { randomUUID } from 'node:crypto'
import t from 'tap'
import type { EventPayload } from '@concert/outbox'
import { balanceKey } from '../db/balances.ts'
import {
  appended, balanceOf, charge, conservationViolations, deliver, handle, openOrder, paymentRedis, paymentRow, processing, requestPayment,
  startHarness, withoutOccurredAt,
} from './helpers.ts'

const harness = await startHarness()
t.teardown(() => harness.close())
const { identity, service } = harness
const redis = paymentRedis()
t.teardown(() => redis.disconnect())

/** A fan with 100,000 points who paid `amount` for an order (points taken, order PAID in the read model). */
async function paidOrder(amount: number) {
  const fan = await identity.signUp()
  t.equal((await charge(service, fan, 100_000)).statusCode, 200)
  const order = await openOrder(service, fan)
  const payment = await requestPayment(service, fan, order.orderId)
  t.same(await handle(service, 'OrderStatusUpdatedEvent', { ...processing(payment, fan.userId, amount), reservationId: order.reservationId }), { outcome: 'applied' })
  t.same(await deliver(service, 'PaymentCompletedEvent', payment.orderId), { outcome: 'applied' })
  const [deducted] = await appended(service, 'PointDeductedEvent', payment.orderId)
  t.same(await handle(service, 'ReservationPaidEvent', {
    reservationId: order.reservationId, orderId: order.orderId, userId: fan.userId, performanceId: order.performanceId, scheduleId: order.scheduleId,
    seatIds: [1], scheduleEndsAt: new Date(Date.now() + 86_400_000).toISOString(), paidAt: new Date().toISOString(),
  }), { outcome: 'applied' })
  const request: Omit<EventPayload<'RefundRequestedEvent'>, 'occurredAt'> = {
    orderId: order.orderId, reservationId: order.reservationId, paymentId: payment.paymentId, userId: fan.userId,
    performanceId: order.performanceId, scheduleId: order.scheduleId, seatIds: [1, 2], amount, reason: 'CANCELLED_BY_FAN', requestedAt: new Date().toISOString(),
  }
  return { fan, order, payment, deducted: deducted!, request }
}

t.test('RefundRequestedEvent: points back once, payment REFUNDED, order ended, fan told, PaymentRefundedEvent', async (t) => {
  const { fan, order, payment, request } = await paidOrder(30_000)
  t.equal(await balanceOf(service, fan.userId), 70_000)
  t.same(await handle(service, 'RefundRequestedEvent', request), { outcome: 'applied' })

  t.equal(await balanceOf(service, fan.userId), 100_000, 'every point back')
  const refunds = await service.db.selectFrom('point_transaction').selectAll().where('payment_id', '=', payment.paymentId).where('type', '=', 'REFUND').execute()
  t.match(refunds, [{ type: 'REFUND', amount: 30_000, balance_after: 100_000, user_id: fan.userId }])
  t.match(await paymentRow(service, payment.paymentId), { status: 'REFUNDED', live_order_id: null, amount: 30_000 })
  t.equal(await redis.hget(balanceKey(fan.userId), 'balance'), '100000', 'the cached balance was refreshed after the commit')
  const [answer] = await appended(service, 'PaymentRefundedEvent', order.orderId)
  t.same(withoutOccurredAt(answer!), {
    paymentId: payment.paymentId, orderId: order.orderId, reservationId: order.reservationId, userId: fan.userId,
    pointId: refunds[0]!.id, amount: 30_000, refundedAt: refunds[0]!.created_at.toISOString(),
  })
  const view = await service.app.inject({ method: 'GET', url: `/payments/${payment.paymentId}`, headers: fan.headers })
  t.same(view.json(), { paymentId: payment.paymentId, orderId: order.orderId, amount: 30_000, status: 'REFUNDED' })
  const notifications = (await service.app.inject({ method: 'GET', url: '/notifications', headers: fan.headers })).json()
  t.match(notifications.items[0], { type: 'REFUND_COMPLETED', referenceId: payment.paymentId, body: /#1, #2.*30,000 KRW/ })
  const history = (await service.app.inject({ method: 'GET', url: `/points/${fan.userId}/transactions`, headers: fan.headers })).json()
  t.match(history.items[0], { type: 'REFUND', amount: 30_000 }, 'the refund is in the fan\'s history')
  const again = await service.app.inject({ method: 'POST', url: '/payments', headers: { ...fan.headers, 'idempotency-key': randomUUID() }, payload: { orderId: order.orderId } })
  t.equal(again.json().code, 'ORDER_NOT_PAYABLE', 'a refunded order cannot be paid again')

  t.test('a replay (redelivered or re-emitted) changes nothing', async (t) => {
    t.match(await handle(service, 'RefundRequestedEvent', request), { outcome: 'ignored', reason: 'this payment was already refunded' })
    t.equal(await balanceOf(service, fan.userId), 100_000)
    t.equal((await appended(service, 'PaymentRefundedEvent', order.orderId)).length, 1)
    t.equal((await service.app.inject({ method: 'GET', url: '/notifications', headers: fan.headers })).json().total, 1, 'the refund notification, once')
    t.same(await conservationViolations(service), [])
  })
})

t.test('refunds above the balance cap, never refused', async (t) => {
  const { fan, request } = await paidOrder(100_000)
  t.equal((await charge(service, fan, 10_000_000)).statusCode, 200)
  for (let i = 0; i < 9; i++) t.equal((await charge(service, fan, 10_000_000)).statusCode, 200)
  t.equal(await balanceOf(service, fan.userId), 100_000_000, 'at the cap')
  t.same(await handle(service, 'RefundRequestedEvent', request), { outcome: 'applied' })
  t.equal(await balanceOf(service, fan.userId), 100_100_000)
})

t.test('a refund request that is not about a paid payment is ignored', async (t) => {
  const { request } = await paidOrder(10_000)
  t.match(await handle(service, 'RefundRequestedEvent', { ...request, paymentId: randomUUID() }), { outcome: 'ignored', reason: /unknown payment/ })
  t.match(await handle(service, 'RefundRequestedEvent', { ...request, orderId: randomUUID() }), { outcome: 'ignored', reason: /another order/ })
  t.match(await handle(service, 'RefundRequestedEvent', { ...request, userId: randomUUID() }), { outcome: 'ignored', reason: /another user/ })
  const fan = await identity.signUp()
  const unpaid = await requestPayment(service, fan)
  t.match(await handle(service, 'RefundRequestedEvent', { ...request, paymentId: unpaid.paymentId, orderId: unpaid.orderId, userId: fan.userId }),
    { outcome: 'ignored', reason: 'payment is REQUESTED; it cannot become REFUNDED' })
})
