/**
 * The refund saga in order-service (issue 11): POST /reservations/{id}/cancellation and the two
 * answers (PaymentRefundedEvent, RefundSeatsReleasedEvent), each applied once in either order.
 */
import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import t from 'tap'
import type { EventPayload, HandlerResult } from '@concert/outbox'
import type { OrderDatabase } from '../db/schema.ts'
import { onPaymentRequested, onPointsDeducted, onSeatsConfirmed } from '../events/consumers.ts'
import { onPaymentRefunded, onRefundSeatsReleased } from '../events/refund-answers.ts'
import { confirmation, paymentRequest, pointsDeducted, startHarness, type Fan, type Reserved } from './harness.ts'

const h = await startHarness()
t.teardown(() => h.close())
const { db, app } = h.service

const apply = <E>(handler: (trx: Transaction<OrderDatabase>, event: E) => Promise<HandlerResult>, event: E) =>
  db.transaction().execute((trx) => handler(trx, event))
const now = () => new Date().toISOString()

const cancel = (fan: Fan, reservationId: string, key: string = randomUUID()) =>
  app.inject({ method: 'POST', url: `/reservations/${reservationId}/cancellation`, headers: { ...fan.headers, 'idempotency-key': key } })

const state = async (reserved: Reserved) => ({
  reservation: await db.selectFrom('reservation').selectAll().where('id', '=', reserved.reservationId).executeTakeFirstOrThrow(),
  order: await db.selectFrom('orders').selectAll().where('id', '=', reserved.orderId).executeTakeFirstOrThrow(),
  holds: await db.selectFrom('seat_reservation').select(['seat_id', 'status']).where('reservation_id', '=', reserved.reservationId).orderBy('seat_id').execute(),
  refund: await db.selectFrom('order_refund').selectAll().where('order_id', '=', reserved.orderId).executeTakeFirst(),
})

/** A paid booking (reservation CONFIRMED, order PAID, seats SOLD) of a show starting at `startsAt`. */
async function paid(seatIds: number[], startsAt?: Date) {
  const fan = await h.fan()
  const scheduleId = await h.schedule(fan.performanceId, startsAt ? { startsAt } : {})
  const response = await h.reserve(fan, { scheduleId, seatIds })
  if (response.statusCode !== 201) throw new Error(response.body)
  const reserved: Reserved = response.json()
  await apply(onSeatsConfirmed, confirmation(reserved, fan, 40_000))
  const request = paymentRequest(reserved.orderId, fan.userId)
  await apply(onPaymentRequested, request)
  await apply(onPointsDeducted, pointsDeducted(request, 40_000 * seatIds.length))
  return { fan, reserved, paymentId: request.paymentId }
}

const refunded = (reserved: Reserved, fan: Fan, paymentId: string): EventPayload<'PaymentRefundedEvent'> => ({
  paymentId, orderId: reserved.orderId, reservationId: reserved.reservationId, userId: fan.userId,
  pointId: randomUUID(), amount: 40_000 * reserved.seatIds.length, refundedAt: now(), occurredAt: now(),
})
const released = (reserved: Reserved): EventPayload<'RefundSeatsReleasedEvent'> => ({
  reservationId: reserved.reservationId, orderId: reserved.orderId, scheduleId: reserved.scheduleId,
  seatIds: reserved.seatIds, releasedSeatIds: reserved.seatIds, releasedAt: now(), occurredAt: now(),
})

t.test('a paid booking: 202 REFUND_REQUESTED with RefundRequestedEvent; the key replays; another key is 409 ALREADY_CANCELLED', async (t) => {
  const { fan, reserved, paymentId } = await paid([1, 2])
  const key = randomUUID()
  const first = await cancel(fan, reserved.reservationId, key)
  t.equal(first.statusCode, 202)
  t.match(first.json(), { reservationId: reserved.reservationId, status: 'CONFIRMED', orderStatus: 'REFUND_REQUESTED', amount: 80_000 })
  const replay = await cancel(fan, reserved.reservationId, key)
  t.equal(replay.statusCode, 202, 'same key: the first answer again')
  t.same(replay.json(), first.json())
  const second = await cancel(fan, reserved.reservationId)
  t.equal(second.statusCode, 409)
  t.equal(second.json().code, 'ALREADY_CANCELLED')

  const events = (await h.events(reserved.orderId)).filter((event) => event.type === 'RefundRequestedEvent')
  t.equal(events.length, 1, 'one RefundRequestedEvent, however often the fan asks')
  t.match(events[0]!.payload, {
    orderId: reserved.orderId, reservationId: reserved.reservationId, paymentId, userId: fan.userId, performanceId: fan.performanceId,
    scheduleId: reserved.scheduleId, seatIds: [1, 2], amount: 80_000, reason: 'CANCELLED_BY_FAN',
  })
  t.match(await state(reserved), { reservation: { status: 'CONFIRMED' }, order: { status: 'REFUND_REQUESTED' }, holds: [{ seat_id: 1, status: 'SOLD' }, { seat_id: 2, status: 'SOLD' }] },
    'the seats stay sold until concert has freed them')
  t.equal((await app.inject({ method: 'DELETE', url: `/reservations/${reserved.reservationId}`, headers: fan.headers })).statusCode, 409, 'DELETE keeps its contract')
})

t.test('answers in either order: each recorded once, the second completes (order REFUNDED, reservation CANCELLED, seats free for the next fan)', async (t) => {
  for (const order of [['points', 'seats'], ['seats', 'points']] as const) {
    const { fan, reserved, paymentId } = await paid([3])
    t.equal((await cancel(fan, reserved.reservationId)).statusCode, 202)
    const answers = { points: () => apply(onPaymentRefunded, refunded(reserved, fan, paymentId)), seats: () => apply(onRefundSeatsReleased, released(reserved)) }
    t.same(await answers[order[0]](), { outcome: 'applied' }, `${order[0]} first`)
    t.match(await state(reserved), { order: { status: 'REFUND_REQUESTED' }, reservation: { status: 'CONFIRMED' } }, 'still waiting for the other answer')
    t.match(await answers[order[0]](), { outcome: 'ignored', reason: /already/ }, 'a repeated answer changes nothing')
    t.same(await answers[order[1]](), { outcome: 'applied' }, `${order[1]} second`)
    const after = await state(reserved)
    t.match(after, { order: { status: 'REFUNDED' }, reservation: { status: 'CANCELLED', failure_reason: 'CANCELLED_BY_FAN' }, holds: [] })
    t.ok(after.refund?.points_refunded_at && after.refund.seats_released_at && after.refund.completed_at, 'both answers and the end recorded')
    t.match(await answers.points(), { outcome: 'ignored', reason: 'order is REFUNDED' }, 'late answers are ignored')
    t.match(await answers.seats(), { outcome: 'ignored', reason: 'order is REFUNDED' })
    const view = (await app.inject({ method: 'GET', url: `/reservations/${reserved.reservationId}`, headers: fan.headers })).json()
    t.match(view, { status: 'CANCELLED', orderStatus: 'REFUNDED', failureReason: 'CANCELLED_BY_FAN' })
    t.equal((await cancel(fan, reserved.reservationId)).json().code, 'ALREADY_CANCELLED')

    const next = await h.fan(fan.performanceId)
    t.equal((await h.reserve(next, { scheduleId: reserved.scheduleId, seatIds: [3] })).statusCode, 201, 'another fan holds the refunded seat')
  }
})

t.test('answers that are not this refund\'s are ignored', async (t) => {
  const { fan, reserved, paymentId } = await paid([4])
  t.match(await apply(onPaymentRefunded, refunded(reserved, fan, paymentId)), { outcome: 'ignored', reason: 'no refund was requested for this order' })
  t.match(await apply(onRefundSeatsReleased, released(reserved)), { outcome: 'ignored' })
  t.match(await state(reserved), { order: { status: 'PAID' }, holds: [{ status: 'SOLD' }] }, 'a paid booking is untouched')
  await cancel(fan, reserved.reservationId)
  t.match(await apply(onPaymentRefunded, refunded(reserved, fan, randomUUID())), { outcome: 'ignored', reason: 'the refund is for another payment' })
  t.match(await apply(onPaymentRefunded, { ...refunded(reserved, fan, paymentId), orderId: randomUUID() }), { outcome: 'ignored', reason: 'unknown order' })
})

t.test('the deadline: 409 CANCELLATION_CLOSED from CANCELLATION_CLOSES_HOURS_BEFORE_START (24 h) before the show', async (t) => {
  const soon = await paid([5], new Date(Date.now() + 23 * 3_600_000))
  const closed = await cancel(soon.fan, soon.reserved.reservationId)
  t.equal(closed.statusCode, 409)
  t.match(closed.json(), { code: 'CANCELLATION_CLOSED', closesAt: new Date(Date.now() - 3_600_000).toISOString().slice(0, 13) })
  t.match(await state(soon.reserved), { order: { status: 'PAID' }, refund: undefined }, 'nothing changed')
  const open = await paid([6], new Date(Date.now() + 25 * 3_600_000))
  t.equal((await cancel(open.fan, open.reserved.reservationId)).statusCode, 202, 'an hour before the deadline')
})

t.test('an unpaid hold is released as DELETE does (200 CANCELLED); others\' and unknown reservations are 404; a paying one 409', async (t) => {
  const fan = await h.fan()
  const scheduleId = await h.schedule(fan.performanceId)
  const reserved: Reserved = (await h.reserve(fan, { scheduleId, seatIds: [7] })).json()
  const stranger = await h.fan(fan.performanceId)
  t.equal((await cancel(stranger, reserved.reservationId)).statusCode, 404)
  t.equal((await cancel(fan, randomUUID())).statusCode, 404)
  const released = await cancel(fan, reserved.reservationId)
  t.equal(released.statusCode, 200)
  t.match(released.json(), { status: 'CANCELLED', orderStatus: 'CANCELLED' })
  t.match((await h.events(reserved.reservationId)).map((event) => event.type), ['SeatReservedEvent', 'ReservationCancelledEvent'])
  t.equal((await cancel(fan, reserved.reservationId)).json().code, 'ALREADY_CANCELLED')

  const payer = await h.fan()
  const payerSchedule = await h.schedule(payer.performanceId)
  const paying: Reserved = (await h.reserve(payer, { scheduleId: payerSchedule, seatIds: [9] })).json()
  await apply(onSeatsConfirmed, confirmation(paying, payer))
  await apply(onPaymentRequested, paymentRequest(paying.orderId, payer.userId))
  const refused = await cancel(payer, paying.reservationId)
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'RESERVATION_NOT_CANCELLABLE', 'not while a payment is in flight')
})
