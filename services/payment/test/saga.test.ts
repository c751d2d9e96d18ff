import { randomUUID } from 'node:crypto'
import t from 'tap'
import { sql } from 'kysely'
import type { TestUser } from '@concert/user-service/testing'
import { SimulatedGateway } from '../adapters/gateway-simulator.ts'
import { balanceKey } from '../db/balances.ts'
import { paymentEventHandlers } from '../events/consumers.ts'
import { notify } from '../events/notifications.ts'
import {
  appended, balanceOf, charge, conservationViolations, deliver, handle, handlerContext, paymentRedis, paymentRow, processing,
  requestPayment, startHarness, withoutOccurredAt, type LogLine,
} from './helpers.ts'

const harness = await startHarness()
t.teardown(() => harness.close())
const { identity, service } = harness
const { db } = service
const redis = paymentRedis()
t.teardown(() => redis.disconnect())

const declining = paymentEventHandlers({ gateway: new SimulatedGateway({ declineRate: 1, latencyMs: 0 }), balances: service.balances })
const failing = paymentEventHandlers({ gateway: { authorize: async () => { throw new Error('connection reset by PG') } }, balances: service.balances })
const movements = (paymentId: string) => db.selectFrom('point_transaction').selectAll().where('payment_id', '=', paymentId).orderBy('created_at').execute()

/** A fan with `points` points and a payment that order-service has moved to PAYMENT_PROCESSING for `amount`. */
async function authorizedPayment(points: number, amount: number) {
  const fan = await identity.signUp()
  if (points > 0) t.equal((await charge(service, fan, points)).statusCode, 200)
  const payment = await requestPayment(service, fan)
  const update = processing(payment, fan.userId, amount)
  t.same(await handle(service, 'OrderStatusUpdatedEvent', update), { outcome: 'applied' })
  const [completed] = await appended(service, 'PaymentCompletedEvent', payment.orderId)
  return { fan, payment, update, completed: withoutOccurredAt(completed!) }
}

async function deducted(points: number, amount: number) {
  const setup = await authorizedPayment(points, amount)
  t.same(await deliver(service, 'PaymentCompletedEvent', setup.payment.orderId), { outcome: 'applied' })
  const [pointDeducted] = await appended(service, 'PointDeductedEvent', setup.payment.orderId)
  return { ...setup, deducted: withoutOccurredAt(pointDeducted!) }
}

t.test('happy path: authorize, complete, deduct points, notify', async (t) => {
  const { fan, payment, update, completed } = await authorizedPayment(50_000, 30_000)
  t.match(await paymentRow(service, payment.paymentId), { status: 'COMPLETED', amount: 30_000, failure_reason: null })
  t.match(completed, { paymentId: payment.paymentId, orderId: payment.orderId, reservationId: update.reservationId, userId: fan.userId, amount: 30_000, paymentDate: String })
  t.same(await appended(service, 'OrderRollbackEvent', payment.orderId), [])

  t.same(await deliver(service, 'PaymentCompletedEvent', payment.orderId), { outcome: 'applied' })
  t.equal(await balanceOf(service, fan.userId), 20_000)
  const [use, ...others] = await movements(payment.paymentId)
  t.same(others, [])
  t.match(use, { type: 'USE', amount: 30_000, balance_after: 20_000, user_id: fan.userId })
  const link = await db.selectFrom('payment_point').selectAll().where('payment_id', '=', payment.paymentId).execute()
  t.match(link, [{ type: 'USE', point_transaction_id: use!.id }])
  const [pointDeducted] = await appended(service, 'PointDeductedEvent', payment.orderId)
  t.same(withoutOccurredAt(pointDeducted!), {
    userId: fan.userId, pointId: use!.id, amount: 30_000, transactionDate: use!.created_at.toISOString(), paymentId: payment.paymentId, orderId: payment.orderId,
  })
  t.equal(await redis.hget(balanceKey(fan.userId), 'balance'), '20000', 'the cached balance was refreshed after the commit')
  const view = await service.app.inject({ method: 'GET', url: `/payments/${payment.paymentId}`, headers: fan.headers })
  t.same(view.json(), { paymentId: payment.paymentId, orderId: payment.orderId, amount: 30_000, status: 'COMPLETED' })

  t.same(await deliver(service, 'PointDeductedEvent', payment.orderId), { outcome: 'applied' })
  const notifications = await service.app.inject({ method: 'GET', url: '/notifications', headers: fan.headers })
  t.match(notifications.json(), { total: 1, items: [{ type: 'PAYMENT_COMPLETED', title: 'Payment completed', referenceId: payment.paymentId, body: /30,000 KRW/ }] })

  t.test('redelivered and out-of-order events change nothing', async (t) => {
    t.match(await handle(service, 'OrderStatusUpdatedEvent', update), { outcome: 'ignored', reason: /COMPLETED/ })
    t.match(await handle(service, 'PaymentCompletedEvent', completed), { outcome: 'ignored', reason: /already deducted/ })
    t.match(await handle(service, 'OrderStatusUpdatedEvent', { ...update, status: 'PAYMENT_REJECTED', reason: 'LATE' }), { outcome: 'ignored' })
    t.equal(await balanceOf(service, fan.userId), 20_000)
    t.equal((await movements(payment.paymentId)).length, 1)
    t.equal((await appended(service, 'PaymentCompletedEvent', payment.orderId)).length, 1)
    t.equal((await appended(service, 'PointDeductedEvent', payment.orderId)).length, 1)
    t.equal((await paymentRow(service, payment.paymentId)).status, 'COMPLETED')
  })
})

t.test('a declined payment is CANCELLED and the order rolled back', async (t) => {
  const fan = await identity.signUp()
  await charge(service, fan, 50_000)
  const payment = await requestPayment(service, fan)
  const update = processing(payment, fan.userId, 30_000)
  t.same(await handle(service, 'OrderStatusUpdatedEvent', update, { handlers: declining }), { outcome: 'applied' })
  t.match(await paymentRow(service, payment.paymentId), { status: 'CANCELLED', failure_reason: 'PAYMENT_DECLINED', live_order_id: null, amount: 30_000 })
  const rollbacks = await appended(service, 'OrderRollbackEvent', payment.orderId)
  t.same(rollbacks.map(withoutOccurredAt), [{ orderId: payment.orderId, paymentId: payment.paymentId, reason: 'PAYMENT_DECLINED' }])
  t.same(await appended(service, 'PaymentCompletedEvent', payment.orderId), [])
  t.equal(await balanceOf(service, fan.userId), 50_000, 'no points were touched')
  const view = await service.app.inject({ method: 'GET', url: `/payments/${payment.paymentId}`, headers: fan.headers })
  t.match(view.json(), { status: 'CANCELLED', failureReason: 'PAYMENT_DECLINED' })

  t.match(await handle(service, 'OrderStatusUpdatedEvent', update), { outcome: 'ignored' }, 'a redelivery after the decline is ignored')
  t.equal((await paymentRow(service, payment.paymentId)).status, 'CANCELLED')
  const retry = await requestPayment(service, fan, payment.orderId)
  t.equal(retry.status, 'REQUESTED', 'the user may pay the order again')
})

t.test('a gateway failure is handled like a decline', async (t) => {
  const fan = await identity.signUp()
  const payment = await requestPayment(service, fan)
  const logs: LogLine[] = []
  t.same(await handle(service, 'OrderStatusUpdatedEvent', processing(payment, fan.userId, 1_000), { handlers: failing, logs }), { outcome: 'applied' })
  t.match(await paymentRow(service, payment.paymentId), { status: 'CANCELLED', failure_reason: 'PAYMENT_DECLINED' })
  t.equal((await appended(service, 'OrderRollbackEvent', payment.orderId)).length, 1)
  t.ok(logs.some((line) => line.level === 'warn' && /gateway failed/.test(line.msg ?? '')), 'the gateway error is logged')
})

t.test('insufficient points: PaymentRollbackEvent, then CANCELLED and OrderRollbackEvent', async (t) => {
  for (const [points, label] of [[10_000, 'too few points'], [0, 'never charged']] as const) {
    t.test(label, async (t) => {
      const { fan, payment, completed } = await authorizedPayment(points, 30_000)
      t.same(await deliver(service, 'PaymentCompletedEvent', payment.orderId), { outcome: 'applied' })
      const [rollback, ...more] = await appended(service, 'PaymentRollbackEvent', payment.orderId)
      t.same(more, [])
      t.same(withoutOccurredAt(rollback!), { paymentId: payment.paymentId, orderId: payment.orderId, reason: 'INSUFFICIENT_POINTS' })
      t.same(await appended(service, 'PointDeductedEvent', payment.orderId), [])

      t.same(await deliver(service, 'PaymentRollbackEvent', payment.orderId), { outcome: 'applied' })
      t.match(await paymentRow(service, payment.paymentId), { status: 'CANCELLED', failure_reason: 'INSUFFICIENT_POINTS', live_order_id: null })
      const orderRollbacks = await appended(service, 'OrderRollbackEvent', payment.orderId)
      t.same(orderRollbacks.map(withoutOccurredAt), [{ orderId: payment.orderId, paymentId: payment.paymentId, reason: 'INSUFFICIENT_POINTS' }])
      t.equal(await balanceOf(service, fan.userId), points === 0 ? undefined : points, 'the balance is untouched')
      t.same(await movements(payment.paymentId), [])

      t.match(await handle(service, 'PaymentRollbackEvent', withoutOccurredAt(rollback!)), { outcome: 'ignored' }, 'redelivery')
      t.match(await handle(service, 'PaymentCompletedEvent', completed), { outcome: 'ignored' }, 'a late PaymentCompletedEvent')
      t.equal((await appended(service, 'OrderRollbackEvent', payment.orderId)).length, 1)
    })
  }
})

t.test('order-service rejects the payment', async (t) => {
  const fan = await identity.signUp()
  const payment = await requestPayment(service, fan)
  const rejected = { ...processing(payment, fan.userId, 0), status: 'PAYMENT_REJECTED' as const, reason: 'RESERVATION_EXPIRED' }
  t.same(await handle(service, 'OrderStatusUpdatedEvent', rejected), { outcome: 'applied' })
  t.match(await paymentRow(service, payment.paymentId), { status: 'REJECTED', failure_reason: 'RESERVATION_EXPIRED', live_order_id: null, amount: null })
  const view = await service.app.inject({ method: 'GET', url: `/payments/${payment.paymentId}`, headers: fan.headers })
  t.same(view.json(), { paymentId: payment.paymentId, orderId: payment.orderId, status: 'REJECTED', failureReason: 'RESERVATION_EXPIRED' })
  t.match(await handle(service, 'OrderStatusUpdatedEvent', rejected), { outcome: 'ignored' }, 'redelivery')
  t.match(await handle(service, 'OrderStatusUpdatedEvent', processing(payment, fan.userId, 5_000)), { outcome: 'ignored', reason: /REJECTED/ }, 'a PROCESSING that arrives late')
  t.equal((await paymentRow(service, payment.paymentId)).status, 'REJECTED')
  t.same(await appended(service, 'PaymentCompletedEvent', payment.orderId), [])
  t.same(await appended(service, 'OrderRollbackEvent', payment.orderId), [])
})

t.test('refund on PointRollbackEvent, exactly once', async (t) => {
  const { fan, payment, deducted: pointDeducted } = await deducted(40_000, 25_000)
  t.equal(await balanceOf(service, fan.userId), 15_000)
  const pointRollback = {
    pointId: pointDeducted.pointId, userId: fan.userId, amount: 25_000, reason: 'RESERVATION_NOT_CONFIRMABLE',
    paymentId: payment.paymentId, orderId: payment.orderId,
  }
  t.match(await handle(service, 'PointRollbackEvent', { ...pointRollback, pointId: randomUUID() }), { outcome: 'ignored', reason: /not this payment's deduction/ })
  t.same(await handle(service, 'PointRollbackEvent', pointRollback), { outcome: 'applied' })
  t.match(await handle(service, 'PointRollbackEvent', pointRollback), { outcome: 'ignored', reason: /already refunded/ }, 'handled twice, refunded once')
  t.equal(await balanceOf(service, fan.userId), 40_000)
  t.match(await movements(payment.paymentId), [{ type: 'USE', amount: 25_000 }, { type: 'REFUND', amount: 25_000, balance_after: 40_000 }])
  t.equal(await redis.hget(balanceKey(fan.userId), 'balance'), '40000', 'the cache shows the refund')

  // order-service cancelled the order: it also rolls the payment back, without an order rollback.
  const paymentRollback = { paymentId: payment.paymentId, orderId: payment.orderId, reason: 'RESERVATION_NOT_CONFIRMABLE' }
  t.same(await handle(service, 'PaymentRollbackEvent', paymentRollback), { outcome: 'applied' })
  t.match(await paymentRow(service, payment.paymentId), { status: 'CANCELLED', failure_reason: 'RESERVATION_NOT_CONFIRMABLE', amount: 25_000 })
  t.same(await appended(service, 'OrderRollbackEvent', payment.orderId), [], 'the order is already cancelled: no OrderRollbackEvent')

  const history = await service.app.inject({ method: 'GET', url: `/points/${fan.userId}/transactions`, headers: fan.headers })
  t.match(history.json().items, [
    { type: 'REFUND', amount: 25_000, balanceAfter: 40_000, paymentId: payment.paymentId },
    { type: 'USE', amount: 25_000, balanceAfter: 15_000, paymentId: payment.paymentId },
    { type: 'CHARGE', amount: 40_000, balanceAfter: 40_000 },
  ])
})

t.test('payment and point rollbacks may arrive in either order', async (t) => {
  const { fan, payment, deducted: pointDeducted } = await deducted(10_000, 10_000)
  t.same(await handle(service, 'PaymentRollbackEvent', { paymentId: payment.paymentId, orderId: payment.orderId, reason: 'ORDER_CANCELLED' }), { outcome: 'applied' })
  t.same(await handle(service, 'PointRollbackEvent', {
    pointId: pointDeducted.pointId, userId: fan.userId, amount: 10_000, reason: 'ORDER_CANCELLED', paymentId: payment.paymentId, orderId: payment.orderId,
  }), { outcome: 'applied' }, 'a CANCELLED payment still gets its refund')
  t.equal(await balanceOf(service, fan.userId), 10_000)
  t.same(await appended(service, 'OrderRollbackEvent', payment.orderId), [])
})

t.test('events about unknown payments or other orders are ignored', async (t) => {
  const fan = await identity.signUp()
  const payment = await requestPayment(service, fan)
  t.match(await handle(service, 'OrderStatusUpdatedEvent', processing({ paymentId: randomUUID(), orderId: payment.orderId }, fan.userId, 1)), { outcome: 'ignored', reason: /unknown payment/ })
  t.match(await handle(service, 'OrderStatusUpdatedEvent', processing({ paymentId: payment.paymentId, orderId: randomUUID() }, fan.userId, 1)), { outcome: 'ignored', reason: /another order/ })
  const ids = { paymentId: payment.paymentId, orderId: payment.orderId }
  t.match(await handle(service, 'PaymentRollbackEvent', { ...ids, reason: 'X' }), { outcome: 'ignored', reason: /REQUESTED/ })
  t.match(await handle(service, 'PaymentCompletedEvent', { ...ids, reservationId: randomUUID(), userId: fan.userId, amount: 1, paymentDate: new Date().toISOString() }), { outcome: 'ignored', reason: /REQUESTED/ })
  t.equal((await paymentRow(service, payment.paymentId)).status, 'REQUESTED')
})

t.test('a zero amount is never authorized', async (t) => {
  const fan = await identity.signUp()
  const payment = await requestPayment(service, fan)
  t.same(await handle(service, 'OrderStatusUpdatedEvent', processing(payment, fan.userId, 0)), { outcome: 'applied' })
  t.match(await paymentRow(service, payment.paymentId), { status: 'CANCELLED', failure_reason: 'INVALID_AMOUNT' })
  t.match(await appended(service, 'OrderRollbackEvent', payment.orderId), [{ reason: 'INVALID_AMOUNT' }])
})

t.test('reservation held notification', async (t) => {
  const fan: TestUser = await identity.signUp()
  const confirmed = {
    reservationId: randomUUID(), userId: fan.userId, performanceId: randomUUID(), scheduleId: randomUUID(), seatIds: [101, 102],
    seats: [{ seatId: 101, price: 70_000 }, { seatId: 102, price: 50_000 }], amount: 120_000, scheduleEndsAt: new Date().toISOString(),
  }
  const logs: LogLine[] = []
  t.same(await handle(service, 'ReservationConfirmedEvent', confirmed, { logs }), { outcome: 'applied' })
  const rows = await db.selectFrom('notification').selectAll().where('user_id', '=', fan.userId).execute()
  t.match(rows, [{ type: 'RESERVATION_HELD', title: 'Reservation held', reference_id: confirmed.reservationId, body: /#101, #102.*120,000 KRW/ }])
  t.ok(logs.some((line) => line.msg === 'notification sent'))
})

t.test('no "held" notification for a reservation that has already ended (concert held its seats late)', async (t) => {
  const fan: TestUser = await identity.signUp()
  const reservationId = randomUUID()
  const occurredAt = new Date().toISOString()
  t.same(await handle(service, 'SeatReservedEvent', {
    reservationId, orderId: randomUUID(), userId: fan.userId, performanceId: randomUUID(), scheduleId: randomUUID(), seatIds: [7],
    reservedAt: occurredAt, expiresAt: new Date(Date.now() + 300_000).toISOString(),
  }), { outcome: 'applied' })
  t.same(await handle(service, 'ReservationCancelledEvent', { reservationId, scheduleId: randomUUID(), seatIds: [7], reason: 'USER_CANCELLED' }), { outcome: 'applied' })
  const late = {
    reservationId, userId: fan.userId, performanceId: randomUUID(), scheduleId: randomUUID(), seatIds: [7],
    seats: [{ seatId: 7, price: 10_000 }], amount: 10_000, scheduleEndsAt: occurredAt,
  }
  t.match(await handle(service, 'ReservationConfirmedEvent', late), { outcome: 'ignored', reason: /already ended/ })
  t.same(await db.selectFrom('notification').selectAll().where('user_id', '=', fan.userId).execute(), [], 'the fan is not told the seats are held')
  t.same(await handle(service, 'ReservationCancelledEvent', { reservationId, scheduleId: randomUUID(), seatIds: [7], reason: 'LATE_HOLD_RELEASED' }), { outcome: 'ignored', reason: 'order is already ENDED' }, "order-service's compensation changes nothing here")
})

t.test('a failing notification is logged and blocks nothing', async (t) => {
  const fan = await identity.signUp()
  const referenceId = randomUUID()
  const content = { type: 'RESERVATION_HELD' as const, title: 'Reservation held', body: 'first', referenceId }
  const { ctx, logs } = handlerContext('ReservationConfirmedEvent')
  const charged = randomUUID()
  await db.transaction().execute(async (trx) => {
    t.same(await notify(trx, fan.userId, content, ctx), { outcome: 'applied' })
    // The same notification again breaks its unique key: the insert fails inside its savepoint.
    t.same(await notify(trx, fan.userId, { ...content, body: 'second' }, ctx), { outcome: 'applied' }, 'still applied')
    // Too long for its column: fails too, and the transaction goes on.
    t.same(await notify(trx, fan.userId, { ...content, referenceId: randomUUID(), title: 'x'.repeat(500) }, ctx), { outcome: 'applied' })
    await trx.insertInto('point').values({ user_id: charged, balance: 0, version: 0, updated_at: new Date() }).execute()
  })
  t.equal(logs.filter((line) => line.level === 'warn' && line.msg === 'notification not recorded').length, 2, 'both failures are logged')
  const rows = await db.selectFrom('notification').select('body').where('user_id', '=', fan.userId).execute()
  t.same(rows, [{ body: 'first' }], 'the first notification committed')
  t.ok(await db.selectFrom('point').select('user_id').where('user_id', '=', charged).executeTakeFirst(), 'the rest of the transaction committed')
  await db.deleteFrom('point').where('user_id', '=', charged).execute()
})

t.test('conservation: for every user, charges − uses + refunds = balance ≥ 0', async (t) => {
  t.same(await conservationViolations(service), [])
  const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM point WHERE balance < 0`.execute(db)
  t.equal(Number(rows[0]!.n), 0)
})
