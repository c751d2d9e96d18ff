import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import t from 'tap'
import type { HandlerResult } from '@concert/outbox'
import type { OrderDatabase } from '../db/schema.ts'
import { expireDueHolds } from '../jobs/hold-sweeper.ts'
import {
  LATE_HOLD_RELEASED, NO_RESERVATION, onPaymentRequested, onPaymentRolledBack, onPointsDeducted, onSeatsConfirmed, onSeatsRefused,
} from '../events/consumers.ts'
import { confirmation, paymentRequest, pointsDeducted, startHarness, type Fan, type Reserved } from './harness.ts'

const h = await startHarness()
t.teardown(() => h.close())
const { db } = h.service

/** Runs a handler the way the consumer runtime does: inside one real transaction. */
const apply = <E>(handler: (trx: Transaction<OrderDatabase>, event: E) => Promise<HandlerResult>, event: E) =>
  db.transaction().execute((trx) => handler(trx, event))

const state = async (reserved: Reserved) => {
  const reservation = await db.selectFrom('reservation').selectAll().where('id', '=', reserved.reservationId).executeTakeFirstOrThrow()
  const order = await db.selectFrom('orders').selectAll().where('id', '=', reserved.orderId).executeTakeFirstOrThrow()
  const holds = await db.selectFrom('seat_reservation').select(['seat_id', 'status']).where('reservation_id', '=', reserved.reservationId).orderBy('seat_id').execute()
  return { reservation, order, holds }
}
const types = async (aggregateId: string) => (await h.events(aggregateId)).map((event) => event.type)

async function booking(seatIds = [1, 2]): Promise<{ fan: Fan; reserved: Reserved }> {
  const fan = await h.fan()
  const response = await h.reserve(fan, { scheduleId: await h.schedule(fan.performanceId), seatIds })
  if (response.statusCode !== 201) throw new Error(response.body)
  return { fan, reserved: response.json() }
}

async function held(seatIds = [1, 2], price = 50_000) {
  const { fan, reserved } = await booking(seatIds)
  const confirmed = confirmation(reserved, fan, price)
  await apply(onSeatsConfirmed, confirmed)
  return { fan, reserved, confirmed }
}

async function paying(seatIds = [1, 2]) {
  const { fan, reserved, confirmed } = await held(seatIds)
  const request = paymentRequest(reserved.orderId, fan.userId)
  await apply(onPaymentRequested, request)
  return { fan, reserved, confirmed, request }
}

t.test('ReservationConfirmedEvent: PENDING → HELD with prices and amount; then ignored', async (t) => {
  const { fan, reserved } = await booking([3, 4])
  const event = { ...confirmation(reserved, fan), seats: [{ seatId: 3, price: 30_000 }, { seatId: 4, price: 45_000 }], amount: 75_000 }
  t.same(await apply(onSeatsConfirmed, event), { outcome: 'applied' })
  const after = await state(reserved)
  t.equal(after.reservation.status, 'HELD')
  t.equal(after.reservation.schedule_ends_at?.toISOString(), event.scheduleEndsAt)
  t.match(after.order, { status: 'PENDING', amount: 75_000, version: 1 })
  t.same(await db.selectFrom('reservation_item').select(['seat_id', 'price']).where('reservation_id', '=', reserved.reservationId).orderBy('seat_id').execute(), [{ seat_id: 3, price: 30_000 }, { seat_id: 4, price: 45_000 }])
  t.same(await db.selectFrom('order_item').select(['seat_id', 'price']).where('order_id', '=', reserved.orderId).orderBy('seat_id').execute(), [{ seat_id: 3, price: 30_000 }, { seat_id: 4, price: 45_000 }])

  const redelivered = await apply(onSeatsConfirmed, { ...event, amount: 1 })
  t.equal(redelivered.outcome, 'ignored', 'a redelivery finds the reservation HELD already')
  t.match(await state(reserved), { order: { amount: 75_000, version: 1 } }, 'and changes nothing')
  t.equal((await apply(onSeatsConfirmed, { ...event, reservationId: randomUUID() })).outcome, 'ignored', 'unknown reservation')
})

t.test('ReservationConfirmedEvent after the fan cancelled: the cancellation is announced again so concert frees the seats', async (t) => {
  const { fan, reserved } = await booking([1, 2])
  t.equal((await h.service.app.inject({ method: 'DELETE', url: `/reservations/${reserved.reservationId}`, headers: fan.headers })).statusCode, 200)
  // Concert held the seats after the cancellation (the SeatReservedEvent was replayed from its DLQ).
  t.same(await apply(onSeatsConfirmed, confirmation(reserved, fan)), { outcome: 'applied' }, 'a compensation, not an ignored event')
  t.match(await state(reserved), { reservation: { status: 'CANCELLED' }, order: { status: 'CANCELLED', amount: null }, holds: [] }, 'the booking stays ended')
  const announced = (await h.events(reserved.reservationId)).filter((event) => event.type === 'ReservationCancelledEvent')
  t.match(announced.map((event) => event.payload), [
    { reason: 'USER_CANCELLED' },
    { reservationId: reserved.reservationId, scheduleId: reserved.scheduleId, seatIds: [1, 2], reason: LATE_HOLD_RELEASED },
  ], 'the release names the seats concert holds for this reservation')
  const again = await h.fan(fan.performanceId)
  t.equal((await h.reserve(again, { scheduleId: reserved.scheduleId, seatIds: [1, 2] })).statusCode, 201, 'order-service offers the seats again')

  const other = await booking([1, 2])
  const partial = { ...confirmation(other.reserved, other.fan), seatIds: [1], seats: [{ seatId: 1, price: 10 }], amount: 10 }
  t.equal((await apply(onSeatsConfirmed, partial)).outcome, 'ignored')
  t.equal((await state(other.reserved)).reservation.status, 'PENDING')
})

t.test('ReservationConfirmedEvent after the expiry (a SeatReservedEvent replayed from the DLQ): the expiry is announced again', async (t) => {
  const { fan, reserved } = await booking([3])
  await db.updateTable('reservation').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', reserved.reservationId).execute()
  t.ok((await expireDueHolds(db, 50)).includes(reserved.reservationId), 'the sweeper expired it')
  const expired = await state(reserved)
  t.match(expired, { reservation: { status: 'EXPIRED' }, order: { status: 'CANCELLED' }, holds: [] })

  t.same(await apply(onSeatsConfirmed, confirmation(reserved, fan)), { outcome: 'applied' })
  t.match(await state(reserved), { reservation: { status: 'EXPIRED' }, order: { status: 'CANCELLED', amount: null }, holds: [] }, 'still ended, no hold')
  const announced = (await h.events(reserved.reservationId)).filter((event) => event.type === 'ReservationExpiredEvent').map((event) => event.payload)
  t.equal(announced.length, 2, "the sweeper's announcement and the compensation")
  t.same(announced[1], {
    reservationId: reserved.reservationId, scheduleId: reserved.scheduleId, seatIds: [3],
    expiredAt: expired.reservation.updated_at.toISOString(), occurredAt: announced[1]!['occurredAt'],
  }, 'the same expiry, for the seats concert holds')

  const live = await held([4])
  t.equal((await apply(onSeatsConfirmed, confirmation(live.reserved, live.fan))).outcome, 'ignored', 'a HELD reservation is not released by a second confirmation')
  t.equal((await h.events(live.reserved.reservationId)).length, 1, 'nothing announced')
})

t.test('ReservationRollbackEvent: PENDING → CANCELLED with the reason, order CANCELLED, holds released', async (t) => {
  const { fan, reserved } = await booking([5, 6])
  const event = { reservationId: reserved.reservationId, reason: 'SEAT_NOT_AVAILABLE', occurredAt: new Date().toISOString() }
  t.same(await apply(onSeatsRefused, event), { outcome: 'applied' })
  const after = await state(reserved)
  t.match(after, { reservation: { status: 'CANCELLED', failure_reason: 'SEAT_NOT_AVAILABLE' }, order: { status: 'CANCELLED' }, holds: [] })
  t.same(await types(reserved.reservationId), ['SeatReservedEvent'], 'concert never held them: nothing to announce')
  const view = (await h.service.app.inject({ method: 'GET', url: `/reservations/${reserved.reservationId}`, headers: fan.headers })).json()
  t.match(view, { status: 'CANCELLED', orderStatus: 'CANCELLED', failureReason: 'SEAT_NOT_AVAILABLE' })
  t.equal((await apply(onSeatsRefused, event)).outcome, 'ignored', 'redelivery')
  t.equal((await h.reserve(fan, { scheduleId: reserved.scheduleId, seatIds: [5, 6] })).statusCode, 201, 'the seats are free in order-service again')

  const confirmed = await held([1])
  t.equal((await apply(onSeatsRefused, { ...event, reservationId: confirmed.reserved.reservationId })).outcome, 'ignored', 'a HELD reservation is not refused afterwards')
  t.equal((await state(confirmed.reserved)).reservation.status, 'HELD')
  t.equal((await apply(onSeatsRefused, { ...event, reservationId: randomUUID() })).outcome, 'ignored', 'unknown reservation')
})

t.test('PaymentRequestedEvent accepted: order PAYMENT_PROCESSING and announced with the amount', async (t) => {
  const { fan, reserved } = await held([1, 2], 60_000)
  const request = paymentRequest(reserved.orderId, fan.userId)
  t.same(await apply(onPaymentRequested, request), { outcome: 'applied' })
  t.match(await state(reserved), { order: { status: 'PAYMENT_PROCESSING', payment_id: request.paymentId }, reservation: { status: 'HELD' } })
  const events = (await h.events(reserved.orderId)).filter((event) => event.type === 'OrderStatusUpdatedEvent')
  t.equal(events.length, 1)
  t.match(events[0]!.payload, {
    orderId: reserved.orderId, status: 'PAYMENT_PROCESSING', paymentId: request.paymentId, userId: fan.userId, reservationId: reserved.reservationId, amount: 120_000,
  })
  t.notOk('reason' in events[0]!.payload)

  t.equal((await apply(onPaymentRequested, request)).outcome, 'ignored', 'the same payment again: nothing new')
  const second = paymentRequest(reserved.orderId, fan.userId)
  t.same(await apply(onPaymentRequested, second), { outcome: 'applied' })
  const rejected = (await h.events(reserved.orderId)).filter((event) => event.payload['paymentId'] === second.paymentId)
  t.match(rejected.map((event) => event.payload), [{ status: 'PAYMENT_REJECTED', reason: 'ORDER_NOT_PENDING', amount: 120_000 }], 'a second payment is rejected')
  t.match(await state(reserved), { order: { payment_id: request.paymentId } }, 'and the first one stays')
})

t.test('PaymentRequestedEvent rejected: unknown order, not the owner, reservation not held or expired', async (t) => {
  const rejection = async (orderId: string, paymentId: string) => {
    const events = (await h.events(orderId)).filter((event) => event.type === 'OrderStatusUpdatedEvent' && event.payload['paymentId'] === paymentId)
    t.equal(events.length, 1, 'one answer')
    return events[0]!.payload
  }

  const unknown = paymentRequest(randomUUID(), randomUUID())
  t.same(await apply(onPaymentRequested, unknown), { outcome: 'applied' })
  t.match(await rejection(unknown.orderId, unknown.paymentId), { status: 'PAYMENT_REJECTED', reason: 'ORDER_NOT_FOUND', amount: 0, reservationId: NO_RESERVATION, userId: unknown.userId })

  const { reserved } = await held([1])
  const stranger = paymentRequest(reserved.orderId, randomUUID())
  await apply(onPaymentRequested, stranger)
  t.match(await rejection(reserved.orderId, stranger.paymentId), { status: 'PAYMENT_REJECTED', reason: 'NOT_OWNER' })
  t.match(await state(reserved), { order: { status: 'PENDING', payment_id: null } })

  const pending = await booking([1])
  const early = paymentRequest(pending.reserved.orderId, pending.fan.userId)
  await apply(onPaymentRequested, early)
  t.match(await rejection(pending.reserved.orderId, early.paymentId), { reason: 'RESERVATION_NOT_HELD', amount: 0, reservationId: pending.reserved.reservationId })

  const late = await held([1], 10_000)
  await db.updateTable('reservation').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', late.reserved.reservationId).execute()
  const tooLate = paymentRequest(late.reserved.orderId, late.fan.userId)
  await apply(onPaymentRequested, tooLate)
  t.match(await rejection(late.reserved.orderId, tooLate.paymentId), { reason: 'RESERVATION_EXPIRED', amount: 10_000 })
  t.match(await state(late.reserved), { order: { status: 'PENDING' } })
})

t.test('OrderRollbackEvent: PAYMENT_PROCESSING → PENDING for that payment only; the hold is kept', async (t) => {
  const { fan, reserved, request } = await paying([1, 2])
  const rollback = { orderId: reserved.orderId, paymentId: request.paymentId, reason: 'INSUFFICIENT_POINTS', occurredAt: new Date().toISOString() }
  t.equal((await apply(onPaymentRolledBack, { ...rollback, paymentId: randomUUID() })).outcome, 'ignored', 'another payment')
  t.equal((await state(reserved)).order.status, 'PAYMENT_PROCESSING')
  t.same(await apply(onPaymentRolledBack, rollback), { outcome: 'applied' })
  t.match(await state(reserved), { order: { status: 'PENDING', payment_id: null }, reservation: { status: 'HELD' }, holds: [{ seat_id: 1, status: 'HELD' }, { seat_id: 2, status: 'HELD' }] })
  t.equal((await apply(onPaymentRolledBack, rollback)).outcome, 'ignored', 'redelivery')
  t.equal((await apply(onPaymentRolledBack, { ...rollback, orderId: randomUUID() })).outcome, 'ignored', 'unknown order')

  const retry = paymentRequest(reserved.orderId, fan.userId)
  await apply(onPaymentRequested, retry)
  t.match(await state(reserved), { order: { status: 'PAYMENT_PROCESSING', payment_id: retry.paymentId } }, 'the fan can pay again')
})

t.test('PointDeductedEvent: order PAID, reservation CONFIRMED, seats SOLD, ReservationPaidEvent', async (t) => {
  const { fan, reserved, confirmed, request } = await paying([7, 8])
  const deducted = pointsDeducted(request, 100_000)
  t.equal((await apply(onPointsDeducted, { ...deducted, paymentId: randomUUID() })).outcome, 'ignored', 'points for another payment')
  t.same(await apply(onPointsDeducted, deducted), { outcome: 'applied' })
  t.match(await state(reserved), { order: { status: 'PAID' }, reservation: { status: 'CONFIRMED' }, holds: [{ seat_id: 7, status: 'SOLD' }, { seat_id: 8, status: 'SOLD' }] })
  const paid = (await h.events(reserved.reservationId)).filter((event) => event.type === 'ReservationPaidEvent')
  t.equal(paid.length, 1)
  t.match(paid[0]!.payload, {
    reservationId: reserved.reservationId, orderId: reserved.orderId, userId: fan.userId, performanceId: fan.performanceId,
    scheduleId: reserved.scheduleId, seatIds: [7, 8], scheduleEndsAt: confirmed.scheduleEndsAt,
  })

  t.equal((await apply(onPointsDeducted, deducted)).outcome, 'ignored', 'redelivery')
  t.equal((await apply(onPaymentRequested, paymentRequest(reserved.orderId, fan.userId))).outcome, 'applied', 'a late payment request is answered…')
  t.match((await h.events(reserved.orderId)).at(-1)!.payload, { status: 'PAYMENT_REJECTED', reason: 'ORDER_NOT_PENDING' }, '…with a rejection')
  t.equal((await apply(onPaymentRolledBack, { orderId: reserved.orderId, paymentId: request.paymentId, reason: 'LATE', occurredAt: new Date().toISOString() })).outcome, 'ignored', 'a rollback after payment changes nothing')
  t.equal((await state(reserved)).order.status, 'PAID')
  const buyer = await h.fan(fan.performanceId)
  const resale = await h.reserve(buyer, { scheduleId: reserved.scheduleId, seatIds: [8] })
  t.equal(resale.statusCode, 409, 'a sold seat can never be held again')
  t.equal(resale.json().code, 'SEAT_UNAVAILABLE')
})

t.test('PointDeductedEvent when the seats can no longer be sold: refund, roll the payment back, release', async (t) => {
  // Not reachable through the other transitions (a paying order's hold neither expires nor can be
  // cancelled), so the state is forced, as an operator fixing a booking by hand might.
  const lapsed = await paying([1])
  await db.updateTable('reservation').set({ status: 'EXPIRED' }).where('id', '=', lapsed.reserved.reservationId).execute()
  await db.deleteFrom('seat_reservation').where('reservation_id', '=', lapsed.reserved.reservationId).execute()
  const deducted = pointsDeducted(lapsed.request, 50_000)
  t.same(await apply(onPointsDeducted, deducted), { outcome: 'applied' })
  t.match(await state(lapsed.reserved), { order: { status: 'CANCELLED' }, reservation: { status: 'EXPIRED' } })
  const compensation = (await h.events(lapsed.reserved.orderId)).filter((event) => event.type !== 'OrderStatusUpdatedEvent')
  t.match(compensation, [
    { type: 'PointRollbackEvent', payload: { pointId: deducted.pointId, userId: deducted.userId, amount: 50_000, paymentId: deducted.paymentId, orderId: deducted.orderId, reason: 'RESERVATION_EXPIRED' } },
    { type: 'PaymentRollbackEvent', payload: { paymentId: deducted.paymentId, orderId: deducted.orderId, reason: 'RESERVATION_EXPIRED' } },
  ])
  t.notOk((await types(lapsed.reserved.reservationId)).includes('ReservationCancelledEvent'), 'its holds were already gone')
  t.equal((await apply(onPointsDeducted, deducted)).outcome, 'ignored', 'redelivery: no second refund')
  t.equal((await h.events(lapsed.reserved.orderId)).length, compensation.length + 1)

  const unconfirmed = await paying([2, 3])
  await db.updateTable('reservation').set({ status: 'PENDING' }).where('id', '=', unconfirmed.reserved.reservationId).execute()
  t.same(await apply(onPointsDeducted, pointsDeducted(unconfirmed.request, 100_000)), { outcome: 'applied' })
  t.match(await state(unconfirmed.reserved), { order: { status: 'CANCELLED' }, reservation: { status: 'CANCELLED', failure_reason: 'RESERVATION_PENDING' }, holds: [] })
  t.same((await types(unconfirmed.reserved.orderId)).slice(1), ['PointRollbackEvent', 'PaymentRollbackEvent'])
  const cancelled = (await h.events(unconfirmed.reserved.reservationId)).find((event) => event.type === 'ReservationCancelledEvent')
  t.match(cancelled?.payload, { reservationId: unconfirmed.reserved.reservationId, scheduleId: unconfirmed.reserved.scheduleId, seatIds: [2, 3], reason: 'RESERVATION_PENDING' })
})
