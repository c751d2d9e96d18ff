import { randomUUID } from 'node:crypto'
import t from 'tap'
import { appended, charge, handle, openOrder, paymentRow, processing, requestPayment, startHarness, withoutOccurredAt } from './helpers.ts'

const harness = await startHarness()
t.teardown(() => harness.close())
const { identity, service } = harness
const { app, db } = service

const paymentsFor = (orderId: string) => db.selectFrom('payment').selectAll().where('order_id', '=', orderId).execute()
const post = (headers: Record<string, string>, payload: unknown, key = randomUUID()) =>
  app.inject({ method: 'POST', url: '/payments', headers: { ...headers, 'idempotency-key': key }, payload: payload as object })

t.test('start a payment: REQUESTED and PaymentRequestedEvent in one go', async (t) => {
  const fan = await identity.signUp()
  const { orderId } = await openOrder(service, fan)
  const response = await post(fan.headers, { orderId })
  t.equal(response.statusCode, 202)
  const { paymentId } = response.json()
  t.same(response.json(), { paymentId, orderId, status: 'REQUESTED' })

  const row = await paymentRow(service, paymentId)
  t.match(row, { order_id: orderId, user_id: fan.userId, amount: null, status: 'REQUESTED', failure_reason: null, live_order_id: orderId })
  const [event, ...more] = await appended(service, 'PaymentRequestedEvent', orderId)
  t.same(more, [], 'one event')
  t.same(withoutOccurredAt(event!), { paymentId, orderId, userId: fan.userId, requestedAt: row.created_at.toISOString() })

  const view = await app.inject({ method: 'GET', url: `/payments/${paymentId}`, headers: fan.headers })
  t.equal(view.statusCode, 200)
  t.same(view.json(), { paymentId, orderId, status: 'REQUESTED' }, 'no amount or failure reason yet')
})

t.test('a second payment for an order with a live or completed payment is 409', async (t) => {
  const fan = await identity.signUp()
  const first = await requestPayment(service, fan)
  const again = await post(fan.headers, { orderId: first.orderId })
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'PAYMENT_IN_PROGRESS')

  const racing = await Promise.all(Array.from({ length: 5 }, () => post(fan.headers, { orderId: first.orderId })))
  t.same(racing.map((r) => r.statusCode), Array(5).fill(409))

  // Enough points that the point step (wherever it runs) keeps the payment COMPLETED.
  t.equal((await charge(service, fan, 10_000)).statusCode, 200)
  await handle(service, 'OrderStatusUpdatedEvent', processing(first, fan.userId, 10_000))
  t.equal((await paymentRow(service, first.paymentId)).status, 'COMPLETED')
  t.equal((await post(fan.headers, { orderId: first.orderId })).statusCode, 409, 'COMPLETED still blocks')
  t.equal((await paymentsFor(first.orderId)).length, 1, 'no second row, no second event')
  t.equal((await appended(service, 'PaymentRequestedEvent', first.orderId)).length, 1)
})

t.test('parallel first payments for one order: exactly one wins', async (t) => {
  const fan = await identity.signUp()
  const { orderId } = await openOrder(service, fan)
  const responses = await Promise.all(Array.from({ length: 8 }, () => post(fan.headers, { orderId })))
  t.same(responses.map((r) => r.statusCode).sort(), [202, 409, 409, 409, 409, 409, 409, 409])
  t.equal((await paymentsFor(orderId)).length, 1)
})

t.test('after a rejection the order may be paid again', async (t) => {
  const fan = await identity.signUp()
  const first = await requestPayment(service, fan)
  await handle(service, 'OrderStatusUpdatedEvent', { ...processing(first, fan.userId, 0), status: 'PAYMENT_REJECTED', reason: 'ORDER_NOT_PENDING' })
  const again = await post(fan.headers, { orderId: first.orderId })
  t.equal(again.statusCode, 202, 'an ended payment frees the order')
  t.equal((await paymentsFor(first.orderId)).length, 2)
})

t.test('Idempotency-Key on POST /payments', async (t) => {
  const fan = await identity.signUp()
  const { orderId } = await openOrder(service, fan)
  const key = randomUUID()
  const first = await post(fan.headers, { orderId }, key)
  const replay = await post(fan.headers, { orderId }, key)
  t.equal(replay.statusCode, 202)
  t.same(replay.json(), first.json(), 'the same payment comes back')
  t.equal((await paymentsFor(orderId)).length, 1)
  t.equal((await appended(service, 'PaymentRequestedEvent', orderId)).length, 1, 'one event')
  const conflict = await post(fan.headers, { orderId: (await openOrder(service, fan)).orderId }, key)
  t.equal(conflict.statusCode, 422)
  t.equal(conflict.json().code, 'IDEMPOTENCY_CONFLICT')
})

t.test('bad payment requests are 4xx problems and store nothing', async (t) => {
  const fan = await identity.signUp()
  const orderId = randomUUID()
  const cases: Array<[string, unknown]> = [
    ['missing orderId', {}],
    ['not a uuid', { orderId: 'order-1' }],
    ['number', { orderId: 42 }],
    ['extra field', { orderId, amount: 1 }],
    ['oversize', { orderId: 'x'.repeat(10_000) }],
  ]
  for (const [name, payload] of cases) {
    const response = await post(fan.headers, payload)
    t.equal(response.statusCode, 400, name)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', name)
    t.equal(response.json().code, 'VALIDATION_FAILED', name)
  }
  const malformed = await app.inject({ method: 'POST', url: '/payments', headers: { ...fan.headers, 'idempotency-key': randomUUID(), 'content-type': 'application/json' }, payload: '{"orderId":' })
  t.equal(malformed.statusCode, 400)
  const noKey = await app.inject({ method: 'POST', url: '/payments', headers: fan.headers, payload: { orderId } })
  t.equal(noKey.statusCode, 400)
  const anonymous = await app.inject({ method: 'POST', url: '/payments', headers: { 'idempotency-key': randomUUID() }, payload: { orderId } })
  t.equal(anonymous.statusCode, 401)
  t.equal((await paymentsFor(orderId)).length, 0)
})

t.test("another user's payment is not found", async (t) => {
  const fan = await identity.signUp()
  const other = await identity.signUp()
  const theirs = await requestPayment(service, other)
  const response = await app.inject({ method: 'GET', url: `/payments/${theirs.paymentId}`, headers: fan.headers })
  t.equal(response.statusCode, 404)
  t.equal(response.json().code, 'NOT_FOUND')
  const unknown = await app.inject({ method: 'GET', url: `/payments/${randomUUID()}`, headers: fan.headers })
  t.equal(unknown.statusCode, 404)
  const malformed = await app.inject({ method: 'GET', url: '/payments/123', headers: fan.headers })
  t.equal(malformed.statusCode, 400)
})

t.test('notifications: own only, newest first, paginated', async (t) => {
  const fan = await identity.signUp()
  const other = await identity.signUp()
  const held = (userId: string, amount: number) => handle(service, 'ReservationConfirmedEvent', {
    reservationId: randomUUID(), userId, performanceId: randomUUID(), scheduleId: randomUUID(),
    seatIds: [1], seats: [{ seatId: 1, price: amount }], amount, scheduleEndsAt: new Date().toISOString(),
  })
  await held(fan.userId, 1_000)
  await held(fan.userId, 2_000)
  await held(fan.userId, 3_000)
  await held(other.userId, 9_000)
  const response = await app.inject({ method: 'GET', url: '/notifications?size=2', headers: fan.headers })
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.match(body, { page: 1, size: 2, total: 3 })
  t.equal(body.items.length, 2)
  t.match(body.items[0], { type: 'RESERVATION_HELD', title: 'Reservation held', body: /3,000 KRW/, notificationId: String, referenceId: String, createdAt: String })
  t.match(body.items[1].body, /2,000 KRW/)
  const last = await app.inject({ method: 'GET', url: '/notifications?page=2&size=2', headers: fan.headers })
  t.match(last.json().items, [{ body: /1,000 KRW/ }])
  t.equal((await app.inject({ method: 'GET', url: '/notifications?page=0', headers: fan.headers })).statusCode, 400)
  t.equal((await app.inject({ method: 'GET', url: '/notifications?size=abc', headers: fan.headers })).statusCode, 400)
  t.equal((await app.inject({ method: 'GET', url: '/notifications' })).statusCode, 401)
})

t.test('the OpenAPI document describes every endpoint', async (t) => {
  const response = await app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(response.statusCode, 200)
  const paths = Object.keys(response.json().paths)
  for (const path of ['/points/charge', '/points/{userId}', '/points/{userId}/transactions', '/payments', '/payments/{paymentId}', '/notifications']) {
    t.ok(paths.includes(path), path)
  }
})
