import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { pino } from 'pino'
import t from 'tap'
import type { EventHandler, EventName, EventPayload, HandlerContext } from '@concert/outbox'
import type { OrderDatabase } from '../db/schema.ts'
import { orderEventHandlers } from '../events/consumers.ts'
import { announcingChanges, createReservationFeed } from '../events/reservation-changes.ts'
import { confirmation, paymentRequest, startHarness, type Fan, type Reserved } from './harness.ts'

// GET /reservations/{id}?wait=&status=[&orderStatus=] (issue 10): answered once the state differs, or after the wait.
const h = await startHarness()
const { app, db } = h.service
// The saga steps run as on another instance: their notices reach this app only through Redis.
const publisher = new Redis(String(process.env['ORDER_REDIS_URL']), { keyPrefix: 'order:' })
const elsewhere = createReservationFeed({ db, redisUrl: String(process.env['ORDER_REDIS_URL']), publisher, logger: pino({ level: 'silent' }) })
const handlers = announcingChanges(orderEventHandlers, elsewhere)
t.teardown(async () => {
  publisher.disconnect()
  await h.close()
})

/** Like the consumer runtime: the handler in a real transaction, after-commit work once it committed. */
async function step<N extends EventName>(name: N, event: EventPayload<N>) {
  const afterCommit: Array<() => unknown> = []
  const ctx = { afterCommit: (fn: () => unknown) => { afterCommit.push(fn) } } as unknown as HandlerContext<N>
  const handler = handlers[name] as EventHandler<OrderDatabase, N>
  const result = await db.transaction().execute((trx) => handler(trx, event, ctx))
  for (const fn of afterCommit) await fn()
  return result
}

async function hold(): Promise<{ fan: Fan; reserved: Reserved }> {
  const fan = await h.fan()
  const response = await h.reserve(fan, { scheduleId: await h.schedule(fan.performanceId), seatIds: [3, 4] })
  if (response.statusCode !== 201) throw new Error(`hold: ${response.statusCode} ${response.body}`)
  return { fan, reserved: response.json() }
}
const get = (fan: Fan, path: string) => app.inject({ method: 'GET', url: path, headers: fan.headers })
const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

t.test('a long-poll answers as soon as the reservation leaves the status the client has', async (t) => {
  const { fan, reserved } = await hold()
  const started = Date.now()
  const waiting = get(fan, `/reservations/${reserved.reservationId}?wait=20&status=PENDING`)
  await settle()
  t.same(await step('ReservationConfirmedEvent', confirmation(reserved, fan, 40_000)), { outcome: 'applied' })
  const response = await waiting
  const took = Date.now() - started
  t.equal(response.statusCode, 200)
  t.match(response.json(), {
    reservationId: reserved.reservationId, orderId: reserved.orderId, status: 'HELD', orderStatus: 'PENDING', amount: 80_000,
    seats: [{ seatId: 3, price: 40_000 }, { seatId: 4, price: 40_000 }],
  })
  // Woken by the notice, not by the 2 s fallback re-check nor the 20 s wait.
  t.ok(took < 1800, `answered ${took} ms after the request`)
  const plain = await get(fan, `/reservations/${reserved.reservationId}`)
  t.same(plain.json(), response.json(), 'the same body as a plain read')
})

t.test('orderStatus: the wait also ends when the order moves (a notice under the order id)', async (t) => {
  const { fan, reserved } = await hold()
  await step('ReservationConfirmedEvent', confirmation(reserved, fan))
  const started = Date.now()
  const waiting = get(fan, `/reservations/${reserved.reservationId}?wait=20&status=HELD&orderStatus=PENDING`)
  await settle()
  t.same(await step('PaymentRequestedEvent', paymentRequest(reserved.orderId, fan.userId)), { outcome: 'applied' })
  const response = await waiting
  t.equal(response.statusCode, 200)
  t.match(response.json(), { status: 'HELD', orderStatus: 'PAYMENT_PROCESSING' })
  t.ok(Date.now() - started < 1800, 'woken by the notice')
})

t.test('when the wait runs out the answer is the current view; a state that already differs answers at once', async (t) => {
  const { fan, reserved } = await hold()
  const started = Date.now()
  const timedOut = await get(fan, `/reservations/${reserved.reservationId}?wait=1&status=PENDING`)
  t.equal(timedOut.statusCode, 200)
  t.match(timedOut.json(), { reservationId: reserved.reservationId, status: 'PENDING', orderStatus: 'PENDING' })
  t.ok(Date.now() - started >= 1000, 'waited the whole second')
  const differs = await get(fan, `/reservations/${reserved.reservationId}?wait=30&status=HELD`)
  t.equal(differs.statusCode, 200)
  t.equal(differs.json().status, 'PENDING')
  const zero = await get(fan, `/reservations/${reserved.reservationId}?wait=0&status=PENDING`)
  t.equal(zero.statusCode, 400, 'wait=0 is refused: leave wait out for a plain read')
  t.equal(zero.json().code, 'VALIDATION_FAILED')
})

t.test('another user\'s reservation, or an unknown one, is 404 before any wait', async (t) => {
  const { reserved } = await hold()
  const stranger = await h.fan()
  const started = Date.now()
  const theirs = await get(stranger, `/reservations/${reserved.reservationId}?wait=30&status=PENDING`)
  t.equal(theirs.statusCode, 404)
  t.equal(theirs.json().code, 'NOT_FOUND')
  const unknown = await get(stranger, `/reservations/${randomUUID()}?wait=30&status=PENDING`)
  t.equal(unknown.statusCode, 404)
  t.ok(Date.now() - started < 5000, 'not after the wait')
})

t.test('a wait out of range, without a status, or an unknown status is 400 problem+json', async (t) => {
  const { fan, reserved } = await hold()
  for (const query of ['wait=31&status=PENDING', 'wait=-1&status=PENDING', 'wait=2.5&status=PENDING', 'wait=x&status=PENDING',
    'wait=5', 'wait=5&status=PAID', 'wait=5&status=HELD&orderStatus=HELD']) {
    const response = await get(fan, `/reservations/${reserved.reservationId}?${query}`)
    t.equal(response.statusCode, 400, query)
    t.match(response.headers['content-type'], /application\/problem\+json/, query)
    t.equal(response.json().code, 'VALIDATION_FAILED', query)
  }
  const busted = await get(fan, `/reservations/${reserved.reservationId}?_=123`)
  t.equal(busted.statusCode, 200, 'other parameters are ignored, as before')
})
