/**
 * The seat step of the refund saga (issue 11): RefundRequestedEvent makes the cancelled reservation's
 * SOLD seats AVAILABLE (availability and the seat map follow) and answers RefundSeatsReleasedEvent.
 */
import { randomUUID } from 'node:crypto'
import t from 'tap'
import type { EventPayload } from '@concert/outbox'
import {
  applyEvent, availability, availabilityMatchesSeats, cacheMismatches, createShow, outboxFor, reservationPaid, seatReserved, seatStates, startWorld, type Show,
} from './helpers.ts'

const world = await startWorld(t)

function refundRequested(reserved: EventPayload<'SeatReservedEvent'>): EventPayload<'RefundRequestedEvent'> {
  const now = new Date().toISOString()
  return {
    orderId: reserved.orderId, reservationId: reserved.reservationId, paymentId: randomUUID(), userId: reserved.userId,
    performanceId: reserved.performanceId, scheduleId: reserved.scheduleId, seatIds: reserved.seatIds, amount: 1, reason: 'CANCELLED_BY_FAN',
    requestedAt: now, occurredAt: now,
  }
}

async function sold(show: Show, seatIds: number[]) {
  const reserved = seatReserved(show, seatIds)
  t.same(await applyEvent(world, 'SeatReservedEvent', reserved), { outcome: 'applied' })
  t.same(await applyEvent(world, 'ReservationPaidEvent', reservationPaid(reserved, show)), { outcome: 'applied' })
  return reserved
}

const answers = async (orderId: string) => (await outboxFor(world, orderId)).filter((event) => event.type === 'RefundSeatsReleasedEvent').map((event) => event.payload)

t.test('SOLD seats of the refunded reservation → AVAILABLE, availability and cache follow, RefundSeatsReleasedEvent', async (t) => {
  const show = await createShow(world)
  const [a, b, c] = show.seatIds
  const reserved = await sold(show, [a!, b!])
  const other = await sold(show, [c!])
  t.match(await availability(world, show.scheduleId), { available_seats: show.seatIds.length - 3 })

  t.same(await applyEvent(world, 'RefundRequestedEvent', refundRequested(reserved)), { outcome: 'applied' })
  const seats = await seatStates(world, show.scheduleId)
  t.same(seats.filter((seat) => [a, b, c].includes(seat.id)).map((seat) => [seat.id, seat.status, seat.reservation_id]),
    [[a, 'AVAILABLE', null], [b, 'AVAILABLE', null], [c, 'SOLD', other.reservationId]], 'only this reservation\'s seats')
  t.match(await availability(world, show.scheduleId), { available_seats: show.seatIds.length - 1 })
  t.ok(await availabilityMatchesSeats(world, show.scheduleId))
  t.same(await cacheMismatches(world, show.scheduleId), [], 'the seat map was refreshed after commit')
  t.match(await answers(reserved.orderId), [{ reservationId: reserved.reservationId, orderId: reserved.orderId, scheduleId: show.scheduleId, seatIds: [a, b], releasedSeatIds: [a, b] }])

  t.test('the seats can be held again; a second refund event frees nothing and still answers', async (t) => {
    const next = seatReserved(show, [a!])
    t.same(await applyEvent(world, 'SeatReservedEvent', next), { outcome: 'applied' })
    t.same(await applyEvent(world, 'RefundRequestedEvent', refundRequested(reserved)), { outcome: 'applied' })
    t.same((await seatStates(world, show.scheduleId)).find((seat) => seat.id === a)?.reservation_id, next.reservationId, 'the next fan\'s hold is untouched')
    t.match((await answers(reserved.orderId))[1], { releasedSeatIds: [] })
    t.ok(await availabilityMatchesSeats(world, show.scheduleId))
  })
})

t.test('a refund before concert saw the sale: the held seats are freed and the late ReservationPaidEvent sells nothing', async (t) => {
  const show = await createShow(world)
  const reserved = seatReserved(show, [show.seatIds[4]!])
  t.same(await applyEvent(world, 'SeatReservedEvent', reserved), { outcome: 'applied' })
  t.same(await applyEvent(world, 'RefundRequestedEvent', refundRequested(reserved)), { outcome: 'applied' })
  t.match(await answers(reserved.orderId), [{ releasedSeatIds: [show.seatIds[4]] }])
  t.match(await applyEvent(world, 'ReservationPaidEvent', reservationPaid(reserved, show)), { outcome: 'ignored' })
  t.equal((await seatStates(world, show.scheduleId)).find((seat) => seat.id === show.seatIds[4])?.status, 'AVAILABLE')
})
