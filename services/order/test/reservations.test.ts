import { randomUUID } from 'node:crypto'
import { setTimeout } from 'node:timers/promises'
import t from 'tap'
import { onPaymentRequested, onPointsDeducted, onSeatsConfirmed } from '../events/consumers.ts'
import { confirmation, paymentRequest, pointsDeducted, startHarness, type Fan, type Reserved } from './harness.ts'

const h = await startHarness()
t.teardown(() => h.close())
const { app, db } = h.service

const get = (fan: Fan, url: string) => app.inject({ method: 'GET', url, headers: fan.headers })
const cancel = (fan: Fan, reservationId: string) => app.inject({ method: 'DELETE', url: `/reservations/${reservationId}`, headers: fan.headers })
const reservationsOf = (userId: string) => db.selectFrom('reservation').selectAll().where('user_id', '=', userId).execute()
const holdsOf = (scheduleId: string) => db.selectFrom('seat_reservation').selectAll().where('schedule_id', '=', scheduleId).orderBy('seat_id').execute()

async function reserved(fan: Fan, seatIds = [1, 2], scheduleId?: string): Promise<Reserved> {
  const response = await h.reserve(fan, { scheduleId: scheduleId ?? await h.schedule(fan.performanceId), seatIds })
  if (response.statusCode !== 201) throw new Error(response.body)
  return response.json()
}

t.test('POST /reservations holds every seat in one transaction and announces it', async (t) => {
  const fan = await h.fan()
  const scheduleId = await h.schedule(fan.performanceId)
  const before = Date.now()
  const response = await h.reserve(fan, { scheduleId, seatIds: [7, 3] })
  t.equal(response.statusCode, 201)
  const body = response.json()
  t.match(body, { status: 'PENDING', scheduleId, seatIds: [3, 7] })
  t.same(Object.keys(body).sort(), ['expiresAt', 'orderId', 'reservationId', 'scheduleId', 'seatIds', 'status'])
  const ttl = Date.parse(body.expiresAt) - before
  t.ok(ttl > 290_000 && ttl <= 301_000, 'expires HOLD_TTL_SECONDS (300) from now')

  const reservation = await db.selectFrom('reservation').selectAll().where('id', '=', body.reservationId).executeTakeFirstOrThrow()
  t.match(reservation, { order_id: body.orderId, user_id: fan.userId, performance_id: fan.performanceId, schedule_id: scheduleId, status: 'PENDING', failure_reason: null })
  t.equal(reservation.expires_at.toISOString(), body.expiresAt)
  const order = await db.selectFrom('orders').selectAll().where('id', '=', body.orderId).executeTakeFirstOrThrow()
  t.match(order, { user_id: fan.userId, reservation_id: body.reservationId, status: 'PENDING', amount: null, payment_id: null })
  t.same((await db.selectFrom('order_item').select(['seat_id', 'price']).where('order_id', '=', body.orderId).orderBy('seat_id').execute()), [{ seat_id: 3, price: null }, { seat_id: 7, price: null }])
  t.same((await db.selectFrom('reservation_item').select('seat_id').where('reservation_id', '=', body.reservationId).orderBy('seat_id').execute()).map((r) => r.seat_id), [3, 7])
  const holds = await holdsOf(scheduleId)
  t.same(holds.map((hold) => [hold.seat_id, hold.reservation_id, hold.status]), [[3, body.reservationId, 'HELD'], [7, body.reservationId, 'HELD']])

  const events = await h.events(body.reservationId)
  t.equal(events.length, 1)
  t.equal(events[0]!.type, 'SeatReservedEvent')
  t.match(events[0]!.payload, {
    reservationId: body.reservationId, orderId: body.orderId, userId: fan.userId, performanceId: fan.performanceId, scheduleId, seatIds: [3, 7], expiresAt: body.expiresAt,
  })
})

t.test('a seat already held makes the whole request fail with the conflicting seats', async (t) => {
  const performanceId = randomUUID()
  const first = await h.fan(performanceId)
  const second = await h.fan(performanceId)
  const scheduleId = await h.schedule(performanceId)
  await reserved(first, [1, 2], scheduleId)
  const response = await h.reserve(second, { scheduleId, seatIds: [2, 3] })
  t.equal(response.statusCode, 409)
  t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(response.json(), { status: 409, code: 'SEAT_UNAVAILABLE', seatIds: [2] })
  t.same(await reservationsOf(second.userId), [], 'no reservation for the loser')
  t.same((await holdsOf(scheduleId)).map((hold) => hold.seat_id), [1, 2], 'seat 3 was not held either (all or none)')
  t.equal((await h.reserve(second, { scheduleId, seatIds: [3] })).statusCode, 201, 'the free seat alone is fine')
  const otherSchedule = await h.reserve(await h.admit(second), { scheduleId: await h.schedule(performanceId), seatIds: [1, 2] })
  t.equal(otherSchedule.statusCode, 201, 'seat ids are per schedule')
})

t.test('the queue token is required, must be valid, unexpired and the caller’s own', async (t) => {
  const fan = await h.fan()
  const other = await h.fan()
  const body = { scheduleId: randomUUID(), seatIds: [1] }
  const post = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/reservations', headers: { 'idempotency-key': randomUUID(), ...headers }, payload: body })

  const anonymous = await post({ 'x-queue-token': fan.queueToken })
  t.equal(anonymous.statusCode, 401)
  t.equal(anonymous.json().code, 'UNAUTHENTICATED')
  const missing = await post(fan.headers)
  t.equal(missing.statusCode, 401)
  t.equal(missing.json().code, 'ADMISSION_REQUIRED')
  const garbage = await post({ ...fan.headers, 'x-queue-token': 'not-a-jwt' })
  t.equal(garbage.statusCode, 401)
  const expired = await post({ ...fan.headers, 'x-queue-token': await h.expiredAdmission(fan) })
  t.equal(expired.statusCode, 401)
  t.equal(expired.json().code, 'ADMISSION_REQUIRED')
  const borrowed = await post({ ...fan.headers, 'x-queue-token': other.queueToken })
  t.equal(borrowed.statusCode, 403)
  t.equal(borrowed.json().code, 'FORBIDDEN')
  const accessAsQueue = await post({ ...fan.headers, 'x-queue-token': fan.accessToken })
  t.equal(accessAsQueue.statusCode, 401, 'an access token is not an admission')
  t.same(await reservationsOf(fan.userId), [])
})

t.test('Idempotency-Key: required, replays the first answer, refuses another body', async (t) => {
  const fan = await h.fan()
  const body = { scheduleId: await h.schedule(fan.performanceId), seatIds: [4, 5] }
  const headers = { ...fan.headers, 'x-queue-token': fan.queueToken }
  const withoutKey = await app.inject({ method: 'POST', url: '/reservations', headers, payload: body })
  t.equal(withoutKey.statusCode, 400)
  t.equal(withoutKey.json().code, 'VALIDATION_FAILED')
  const badKey = await app.inject({ method: 'POST', url: '/reservations', headers: { ...headers, 'idempotency-key': 'abc' }, payload: body })
  t.equal(badKey.statusCode, 400)

  const key = randomUUID()
  const first = await h.reserve(fan, body, key)
  t.equal(first.statusCode, 201)
  const replay = await h.reserve(fan, { seatIds: [4, 5], scheduleId: body.scheduleId }, key)
  t.equal(replay.statusCode, 201, 'same status')
  t.same(replay.json(), first.json(), 'same body')
  const reordered = await h.reserve(fan, { ...body, seatIds: [5, 4] }, key)
  t.same(reordered.json(), first.json(), 'the same seats in another order are the same request')
  const different = await h.reserve(fan, { ...body, seatIds: [6] }, key)
  t.equal(different.statusCode, 422)
  t.equal(different.json().code, 'IDEMPOTENCY_CONFLICT')
  t.equal((await reservationsOf(fan.userId)).length, 1, 'one reservation, one order')
  t.equal((await db.selectFrom('orders').select('id').where('user_id', '=', fan.userId).execute()).length, 1)
  t.equal((await h.events(first.json().reservationId)).length, 1, 'announced once')
  const concurrentKey = randomUUID()
  const racer = await h.admit(fan) // the first admission holds seats 4 and 5 already
  const schedules = await Promise.all([1, 2, 3].map(() => h.schedule(fan.performanceId)))
  const racing = await Promise.all(schedules.map((scheduleId) => h.reserve(racer, { scheduleId, seatIds: [1] }, concurrentKey)))
  t.same(racing.map((r) => r.statusCode).sort(), [201, 422, 422], 'different bodies racing on one key: one wins')
})

t.test('bad input is a 400 problem and changes nothing', async (t) => {
  const fan = await h.fan()
  const scheduleId = randomUUID()
  const cases: [string, unknown][] = [
    ['missing seatIds', { scheduleId }],
    ['missing scheduleId', { seatIds: [1] }],
    ['scheduleId not a uuid', { scheduleId: 'schedule-1', seatIds: [1] }],
    ['oversize scheduleId', { scheduleId: 'a'.repeat(10_000), seatIds: [1] }],
    ['no seats', { scheduleId, seatIds: [] }],
    ['five seats', { scheduleId, seatIds: [1, 2, 3, 4, 5] }],
    ['duplicate seats', { scheduleId, seatIds: [1, 1] }],
    ['seat 0', { scheduleId, seatIds: [0] }],
    ['negative seat', { scheduleId, seatIds: [-3] }],
    ['fractional seat', { scheduleId, seatIds: [1.5] }],
    ['seat id beyond 2^53', { scheduleId, seatIds: [1e20] }],
    ['seat id as text', { scheduleId, seatIds: ['1'] }],
    ['seatIds not an array', { scheduleId, seatIds: 1 }],
    ['unknown property', { scheduleId, seatIds: [1], price: 0 }],
    ['null body', null],
    ['array body', [scheduleId, 1]],
  ]
  for (const [name, payload] of cases) {
    const response = await app.inject({
      method: 'POST', url: '/reservations',
      headers: { ...fan.headers, 'x-queue-token': fan.queueToken, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    })
    t.equal(response.statusCode, 400, name)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', `${name}: problem+json`)
  }
  const malformed = await app.inject({
    method: 'POST', url: '/reservations',
    headers: { ...fan.headers, 'x-queue-token': fan.queueToken, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
    payload: '{"scheduleId": ',
  })
  t.equal(malformed.statusCode, 400)
  t.equal(malformed.json().code, 'MALFORMED_JSON')
  const huge = await h.reserve(fan, { scheduleId, seatIds: [1], padding: 'x'.repeat(100_000) })
  t.equal(huge.statusCode, 413)
  const text = await app.inject({
    method: 'POST', url: '/reservations',
    headers: { ...fan.headers, 'x-queue-token': fan.queueToken, 'idempotency-key': randomUUID(), 'content-type': 'text/plain' },
    payload: 'seat 1 please',
  })
  t.equal(text.statusCode, 415)
  t.same(await reservationsOf(fan.userId), [], 'nothing was reserved')
  t.same(await holdsOf(scheduleId), [])
})

t.test('GET /reservations/{id}: your own reservation, with prices once concert confirmed them', async (t) => {
  const fan = await h.fan()
  const stranger = await h.fan()
  const mine = await reserved(fan, [8, 9])
  const view = await get(fan, `/reservations/${mine.reservationId}`)
  t.equal(view.statusCode, 200)
  t.same(view.json(), {
    reservationId: mine.reservationId,
    orderId: mine.orderId,
    userId: fan.userId,
    scheduleId: mine.scheduleId,
    performanceId: fan.performanceId,
    seats: [{ seatId: 8 }, { seatId: 9 }],
    status: 'PENDING',
    orderStatus: 'PENDING',
    expiresAt: mine.expiresAt,
    createdAt: view.json().createdAt,
    updatedAt: view.json().updatedAt,
  })
  await db.transaction().execute((trx) => onSeatsConfirmed(trx, confirmation(mine, fan, 77_000)))
  const held = (await get(fan, `/reservations/${mine.reservationId}`)).json()
  t.match(held, { status: 'HELD', orderStatus: 'PENDING', amount: 154_000, seats: [{ seatId: 8, price: 77_000 }, { seatId: 9, price: 77_000 }] })
  t.ok(Date.parse(held.updatedAt) >= Date.parse(held.createdAt))

  t.equal((await get(stranger, `/reservations/${mine.reservationId}`)).statusCode, 404, "someone else's reservation is not found")
  t.equal((await get(fan, `/reservations/${randomUUID()}`)).statusCode, 404)
  t.equal((await get(fan, '/reservations/123')).statusCode, 400)
  t.equal((await app.inject({ method: 'GET', url: `/reservations/${mine.reservationId}` })).statusCode, 401)
})

t.test('GET /reservations: yours only, newest first, paginated', async (t) => {
  const fan = await h.fan()
  const stranger = await h.fan()
  const made: Reserved[] = []
  for (let i = 0; i < 3; i++) {
    made.push(await reserved(await h.admit(fan), [i + 1])) // one live hold per admission
    await setTimeout(2) // distinct created_at (millisecond precision), so "newest first" is defined
  }
  await reserved(stranger, [1])
  const all = await get(fan, '/reservations')
  t.equal(all.statusCode, 200)
  t.match(all.json(), { page: 1, size: 20, total: 3 })
  t.same(all.json().items.map((item: { reservationId: string }) => item.reservationId), made.map((r) => r.reservationId).reverse())
  const second = (await get(fan, '/reservations?page=2&size=2')).json()
  t.match(second, { page: 2, size: 2, total: 3 })
  t.same(second.items.map((item: { reservationId: string }) => item.reservationId), [made[0]!.reservationId])
  t.same((await get(fan, '/reservations?page=3&size=2')).json().items, [])
  for (const query of ['page=0', 'size=0', 'size=101', 'page=abc', 'sort=asc']) {
    const response = await get(fan, `/reservations?${query}`)
    t.equal(response.statusCode, 400, query)
  }
  t.equal((await app.inject({ method: 'GET', url: '/reservations' })).statusCode, 401)
})

t.test('DELETE /reservations/{id}: releases an unpaid hold and says so', async (t) => {
  const fan = await h.fan()
  const stranger = await h.fan(fan.performanceId)
  const mine = await reserved(fan, [1, 2])
  t.equal((await cancel(stranger, mine.reservationId)).statusCode, 404, "someone else's reservation is not found")
  t.equal((await cancel(fan, randomUUID())).statusCode, 404)
  t.equal((await cancel(fan, 'nope')).statusCode, 400)

  const response = await cancel(fan, mine.reservationId)
  t.equal(response.statusCode, 200)
  t.match(response.json(), { reservationId: mine.reservationId, status: 'CANCELLED', orderStatus: 'CANCELLED' })
  t.same(await holdsOf(mine.scheduleId), [], 'holds deleted')
  const events = await h.events(mine.reservationId)
  t.same(events.map((e) => e.type), ['SeatReservedEvent', 'ReservationCancelledEvent'])
  t.match(events[1]!.payload, { reservationId: mine.reservationId, scheduleId: mine.scheduleId, seatIds: [1, 2], reason: 'USER_CANCELLED' })

  const again = await cancel(fan, mine.reservationId)
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'RESERVATION_NOT_CANCELLABLE')
  t.equal((await h.events(mine.reservationId)).length, 2, 'nothing announced twice')
  t.equal((await h.reserve(stranger, { scheduleId: mine.scheduleId, seatIds: [1, 2] })).statusCode, 201, 'the seats can be held again')
})

t.test('DELETE refuses while paying or once paid', async (t) => {
  const fan = await h.fan()
  const mine = await reserved(fan, [1])
  await db.transaction().execute((trx) => onSeatsConfirmed(trx, confirmation(mine, fan)))
  const request = paymentRequest(mine.orderId, fan.userId)
  await db.transaction().execute((trx) => onPaymentRequested(trx, request))
  const paying = await cancel(fan, mine.reservationId)
  t.equal(paying.statusCode, 409)
  t.equal(paying.json().code, 'RESERVATION_NOT_CANCELLABLE')
  await db.transaction().execute((trx) => onPointsDeducted(trx, pointsDeducted(request, 50_000)))
  const paid = await cancel(fan, mine.reservationId)
  t.equal(paid.statusCode, 409)
  t.match((await get(fan, `/reservations/${mine.reservationId}`)).json(), { status: 'CONFIRMED', orderStatus: 'PAID' })
  t.same((await holdsOf(mine.scheduleId)).map((hold) => hold.status), ['SOLD'])
})

t.test('OpenAPI, readiness and metrics', async (t) => {
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json()
  t.ok(doc.paths['/reservations'].post.requestBody)
  t.ok(doc.paths['/reservations'].post.responses['409'])
  t.ok(doc.paths['/reservations'].get)
  t.ok(doc.paths['/reservations/{reservationId}'].get.responses['200'])
  t.ok(doc.paths['/reservations/{reservationId}'].delete.responses['409'])
  const ready = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(ready.statusCode, 200)
  const live = await db.selectFrom('reservation').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['PENDING', 'HELD']).executeTakeFirstOrThrow()
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body
  t.match(metrics, new RegExp(`^holds_active\\{[^}]*\\} ${Number(live.n)}$`, 'm'), 'holds_active counts the live reservations')
  t.match(metrics, /events_appended_total\{[^}]*type="SeatReservedEvent"/)
  // what debezium/alerts.yml alerts on: readiness, sagas waiting, lag of every group read from the broker
  t.match(metrics, /^service_ready\{[^}]*\} 1$/m, 'service_ready while /health/ready answers 200')
  t.match(metrics, /^saga_oldest_seconds\{[^}]*saga="payment",state="PAYMENT_PROCESSING"[^}]*\} [\d.]+$/m)
  t.match(metrics, /^saga_oldest_seconds\{[^}]*saga="reservation",state="PENDING"[^}]*\} [\d.]+$/m)
})
