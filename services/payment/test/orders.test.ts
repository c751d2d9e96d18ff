/**
 * The order read model and the checks POST /payments makes on it before it writes or locks anything
 * (issue 8: a stranger must not be able to block an owner's payment).
 */
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { isTransientError } from '@concert/outbox'
import type { TestUser } from '@concert/user-service/testing'
import { appended, handle, openOrder, requestPayment, seatReserved, startHarness } from './helpers.ts'

const WAIT_MS = 1_000
const harness = await startHarness({ ORDER_VIEW_WAIT_MS: String(WAIT_MS) })
t.teardown(() => harness.close())
const { identity, service } = harness
const { app, db } = service

const post = (user: TestUser, orderId: string, key = randomUUID()) =>
  app.inject({ method: 'POST', url: '/payments', headers: { ...user.headers, 'idempotency-key': key }, payload: { orderId } })
const paymentsFor = (orderId: string) => db.selectFrom('payment').selectAll().where('order_id', '=', orderId).execute()
const keysOf = (user: TestUser) => db.selectFrom('idempotency_key').selectAll().where('user_id', '=', user.userId).execute()
const viewOf = (reservationId: string) => db.selectFrom('order_view').selectAll().where('reservation_id', '=', reservationId).executeTakeFirst()
const timed = async <T>(work: () => Promise<T>) => {
  const started = performance.now()
  const result = await work()
  return { result, ms: performance.now() - started }
}

const ended = (reservationId: string) => ({
  ReservationExpiredEvent: () => handle(service, 'ReservationExpiredEvent', { reservationId, scheduleId: randomUUID(), seatIds: [1], expiredAt: new Date().toISOString() }),
  ReservationCancelledEvent: () => handle(service, 'ReservationCancelledEvent', { reservationId, scheduleId: randomUUID(), seatIds: [1], reason: 'USER_CANCELLED' }),
  ReservationRollbackEvent: () => handle(service, 'ReservationRollbackEvent', { reservationId, reason: 'SEAT_UNAVAILABLE' }),
})
const paid = (event: ReturnType<typeof seatReserved>) => handle(service, 'ReservationPaidEvent', {
  reservationId: event.reservationId, orderId: event.orderId, userId: event.userId, performanceId: event.performanceId,
  scheduleId: event.scheduleId, seatIds: event.seatIds, scheduleEndsAt: new Date().toISOString(), paidAt: new Date().toISOString(),
})

t.test("a stranger's payment is 404 like an unknown order, writes nothing, and the owner pays at once", async (t) => {
  const owner = await identity.signUp()
  const stranger = await identity.signUp()
  const { orderId } = await openOrder(service, owner)

  const theirs = await timed(() => post(stranger, orderId))
  t.equal(theirs.result.statusCode, 404)
  t.equal(theirs.result.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(theirs.result.json(), { status: 404, code: 'ORDER_NOT_FOUND', detail: 'Order not found' })
  const unknown = await timed(() => post(stranger, randomUUID()))
  t.equal(unknown.result.statusCode, 404)
  t.same({ ...unknown.result.json(), instance: undefined }, { ...theirs.result.json(), instance: undefined }, 'the same answer for an unknown order')
  t.ok(theirs.ms >= WAIT_MS && unknown.ms >= WAIT_MS, `both wait out the read-model lag (${Math.round(theirs.ms)} ms, ${Math.round(unknown.ms)} ms): the timing tells nothing either`)

  t.same(await paymentsFor(orderId), [], 'no payment row')
  t.same(await appended(service, 'PaymentRequestedEvent', orderId), [], 'no event')
  t.same(await keysOf(stranger), [], 'not even an Idempotency-Key row')

  const mine = await timed(() => post(owner, orderId))
  t.equal(mine.result.statusCode, 202, 'the owner pays')
  t.ok(mine.ms < WAIT_MS, `at once (${Math.round(mine.ms)} ms)`)
  t.match(await paymentsFor(orderId), [{ user_id: owner.userId, status: 'REQUESTED', live_order_id: orderId }])
  t.equal((await post(stranger, orderId)).statusCode, 404, 'a stranger after the owner: still 404, not 409')
})

t.test('an order the read model hears of while the request waits is paid', async (t) => {
  const fan = await identity.signUp()
  const event = seatReserved(fan.userId)
  const pending = timed(() => post(fan, event.orderId))
  await sleep(300)
  t.same(await handle(service, 'SeatReservedEvent', event), { outcome: 'applied' })
  const { result, ms } = await pending
  t.equal(result.statusCode, 202)
  t.ok(ms >= 300 && ms < WAIT_MS, `answered once the event was applied (${Math.round(ms)} ms)`)
})

t.test('an ended order is 409 ORDER_NOT_PAYABLE and stores nothing', async (t) => {
  for (const name of ['ReservationExpiredEvent', 'ReservationCancelledEvent', 'ReservationRollbackEvent'] as const) {
    t.test(name, async (t) => {
      const fan = await identity.signUp()
      const event = await openOrder(service, fan)
      t.same(await ended(event.reservationId)[name](), { outcome: 'applied' })
      t.match(await viewOf(event.reservationId), { status: 'ENDED', order_id: event.orderId, user_id: fan.userId })
      const response = await post(fan, event.orderId)
      t.equal(response.statusCode, 409)
      t.match(response.json(), { code: 'ORDER_NOT_PAYABLE', status: 409 })
      t.same(await paymentsFor(event.orderId), [])
      t.same(await keysOf(fan), [], 'the Idempotency-Key is not kept: the refusal rolled it back')
      t.equal((await post(await identity.signUp(), event.orderId)).statusCode, 404, 'a stranger still hears 404')
    })
  }
})

t.test('a hold past its expiry is not payable even before the sweeper ends it', async (t) => {
  const fan = await identity.signUp()
  const { orderId } = await openOrder(service, fan, new Date(Date.now() - 1_000))
  const response = await post(fan, orderId)
  t.equal(response.statusCode, 409)
  t.equal(response.json().code, 'ORDER_NOT_PAYABLE')
  t.same(await paymentsFor(orderId), [])
})

t.test('a live payment past the expiry is still PAYMENT_IN_PROGRESS', async (t) => {
  const fan = await identity.signUp()
  const { orderId } = await openOrder(service, fan, new Date(Date.now() + 500))
  await requestPayment(service, fan, orderId)
  await sleep(600)
  const again = await post(fan, orderId)
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'PAYMENT_IN_PROGRESS')
  t.equal((await paymentsFor(orderId)).length, 1)
})

t.test('a paid order is 409 PAYMENT_IN_PROGRESS', async (t) => {
  const fan = await identity.signUp()
  const event = await openOrder(service, fan)
  t.same(await paid(event), { outcome: 'applied' })
  t.match(await viewOf(event.reservationId), { status: 'PAID' })
  const response = await post(fan, event.orderId)
  t.equal(response.statusCode, 409)
  t.equal(response.json().code, 'PAYMENT_IN_PROGRESS')
  t.same(await paymentsFor(event.orderId), [])
})

t.test('out of order: an ending before the SeatReservedEvent leaves the order ENDED', async (t) => {
  for (const name of ['ReservationExpiredEvent', 'ReservationRollbackEvent'] as const) {
    t.test(name, async (t) => {
      const fan = await identity.signUp()
      const event = seatReserved(fan.userId)
      t.same(await ended(event.reservationId)[name](), { outcome: 'applied' })
      t.match(await viewOf(event.reservationId), { status: 'ENDED', order_id: null, user_id: null }, 'a tombstone')
      t.equal((await post(fan, event.orderId)).statusCode, 404, 'unknown until the SeatReservedEvent names the order')
      t.same(await handle(service, 'SeatReservedEvent', event), { outcome: 'applied' }, 'the late SeatReservedEvent completes the row')
      t.match(await viewOf(event.reservationId), { status: 'ENDED', order_id: event.orderId, user_id: fan.userId })
      t.equal((await post(fan, event.orderId)).json().code, 'ORDER_NOT_PAYABLE')
      t.same(await paymentsFor(event.orderId), [])
    })
  }
  t.test('ReservationPaidEvent first', async (t) => {
    const fan = await identity.signUp()
    const event = seatReserved(fan.userId)
    t.same(await paid(event), { outcome: 'applied' })
    await handle(service, 'SeatReservedEvent', event)
    t.same(await ended(event.reservationId).ReservationCancelledEvent(), { outcome: 'ignored', reason: 'order is PAID; it does not become ENDED' })
    t.match(await viewOf(event.reservationId), { status: 'PAID', order_id: event.orderId, user_id: fan.userId })
    t.equal((await post(fan, event.orderId)).json().code, 'PAYMENT_IN_PROGRESS')
  })
})

t.test('redelivered and late events change nothing', async (t) => {
  const fan = await identity.signUp()
  const event = await openOrder(service, fan)
  t.same(await handle(service, 'SeatReservedEvent', event), { outcome: 'ignored', reason: 'order is already OPEN' })
  const open = await viewOf(event.reservationId)
  t.match(open, { status: 'OPEN', order_id: event.orderId, user_id: fan.userId, expires_at: new Date(event.expiresAt) })
  t.same(await ended(event.reservationId).ReservationExpiredEvent(), { outcome: 'applied' })
  const closed = await viewOf(event.reservationId)
  t.same(await ended(event.reservationId).ReservationExpiredEvent(), { outcome: 'ignored', reason: 'order is already ENDED' })
  t.same(await ended(event.reservationId).ReservationRollbackEvent(), { outcome: 'ignored', reason: 'order is already ENDED' })
  t.same(await handle(service, 'SeatReservedEvent', event), { outcome: 'ignored', reason: 'order is ENDED; it does not become OPEN' }, 'a late OPEN')
  t.same(await paid(event), { outcome: 'ignored', reason: 'order is ENDED; it does not become PAID' })
  t.same(await viewOf(event.reservationId), closed, 'the row is untouched')

  const other = await openOrder(service, fan)
  t.same(await paid(other), { outcome: 'applied' })
  t.same(await paid(other), { outcome: 'ignored', reason: 'order is already PAID' })
  t.same(await handle(service, 'SeatReservedEvent', other), { outcome: 'ignored', reason: 'order is PAID; it does not become OPEN' })
  t.match(await viewOf(other.reservationId), { status: 'PAID' })
})

t.test('a SeatReservedEvent and a rollback racing for a new reservation both land', async (t) => {
  const fan = await identity.signUp()
  for (let i = 0; i < 5; i++) {
    const event = seatReserved(fan.userId)
    // The consumer runtime retries a transient failure; so does this loop.
    const until = async (work: () => Promise<unknown>) => {
      for (;;) {
        try {
          return await work()
        } catch (error) {
          if (!isTransientError(error)) throw error
        }
      }
    }
    await Promise.all([until(() => handle(service, 'SeatReservedEvent', event)), until(ended(event.reservationId).ReservationRollbackEvent)])
    t.match(await viewOf(event.reservationId), { status: 'ENDED', order_id: event.orderId, user_id: fan.userId }, `race ${i + 1}`)
  }
})
