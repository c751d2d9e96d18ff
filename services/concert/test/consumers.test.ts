import { randomUUID } from 'node:crypto'
import t from 'tap'
import { holdSeats } from '../events/consumers.ts'
import {
  applyEvent, availability, availabilityMatchesSeats, cacheMismatches, createShow, outboxFor, reservationCancelled, reservationExpired,
  reservationPaid, seatReserved, seatStates, startWorld, type Show,
} from './helpers.ts'

const world = await startWorld(t)
const { db } = world.service

const statusOf = async (show: Show) => (await seatStates(world, show.scheduleId)).map((seat) => [seat.id, seat.status, seat.reservation_id])

t.test('SeatReservedEvent holds the seats and confirms with prices', async (t) => {
  const show = await createShow(world)
  const [vip, , , , a1] = show.seatIds
  const reserved = seatReserved(show, [vip!, a1!])
  t.same(await applyEvent(world, 'SeatReservedEvent', reserved), { outcome: 'applied' })

  const seats = await seatStates(world, show.scheduleId)
  for (const seat of seats) {
    const mine = seat.id === vip || seat.id === a1
    t.same([seat.status, seat.reservation_id, seat.version], mine ? ['HELD', reserved.reservationId, 1] : ['AVAILABLE', null, 0], `seat ${seat.id}`)
  }
  t.match(await availability(world, show.scheduleId), { total_seats: 10, available_seats: 8 })
  const events = await outboxFor(world, reserved.reservationId)
  t.equal(events.length, 1)
  t.same(events[0], {
    type: 'ReservationConfirmedEvent',
    payload: {
      reservationId: reserved.reservationId,
      userId: reserved.userId,
      performanceId: show.performanceId,
      scheduleId: show.scheduleId,
      seatIds: [vip, a1],
      seats: [{ seatId: vip, price: 150_000 }, { seatId: a1, price: 90_000 }],
      amount: 240_000,
      scheduleEndsAt: show.endsAt.toISOString(),
      occurredAt: events[0]!.payload['occurredAt'],
    },
  })
  t.same(await cacheMismatches(world, show.scheduleId), [], 'the cache was refreshed after commit')

  t.same(await applyEvent(world, 'SeatReservedEvent', { ...reserved, occurredAt: new Date().toISOString() }), { outcome: 'ignored', reason: 'seats already held by this reservation' }, 're-published: nothing changes')
  t.equal((await outboxFor(world, reserved.reservationId)).length, 1, 'no second confirmation')
  t.match(await availability(world, show.scheduleId), { available_seats: 8 })
})

t.test('SeatReservedEvent rolls back with a reason and changes no seat', async (t) => {
  const show = await createShow(world)
  const taken = seatReserved(show, [show.seatIds[0]!])
  await applyEvent(world, 'SeatReservedEvent', taken)
  const later = await createShow(world, { bookingOpensAt: new Date(Date.now() + 3_600_000) })
  const started = await createShow(world, { startsAt: new Date(Date.now() - 60_000), bookingOpensAt: new Date(Date.now() - 86_400_000) })
  const otherShow = await createShow(world)

  const cases: Array<[string, Show, ReturnType<typeof seatReserved>]> = [
    ['SCHEDULE_NOT_FOUND', show, seatReserved(show, [show.seatIds[1]!], { scheduleId: randomUUID() })],
    ['PERFORMANCE_MISMATCH', show, seatReserved(show, [show.seatIds[1]!], { performanceId: otherShow.performanceId })],
    ['BOOKING_CLOSED', later, seatReserved(later, [later.seatIds[0]!])],
    ['BOOKING_CLOSED', started, seatReserved(started, [started.seatIds[0]!])],
    ['SEAT_NOT_FOUND', show, seatReserved(show, [show.seatIds[1]!, otherShow.seatIds[0]!])],
    ['SEAT_NOT_FOUND', show, seatReserved(show, [show.seatIds[1]!, 2 ** 40])],
    ['SEAT_UNAVAILABLE', show, seatReserved(show, [show.seatIds[1]!, show.seatIds[0]!])],
  ]
  for (const [reason, target, event] of cases) {
    const before = await statusOf(target)
    const availableBefore = (await availability(world, target.scheduleId)).available_seats
    t.same(await applyEvent(world, 'SeatReservedEvent', event), { outcome: 'applied' }, reason)
    t.same(await outboxFor(world, event.reservationId), [{
      type: 'ReservationRollbackEvent',
      payload: { reservationId: event.reservationId, reason, occurredAt: (await outboxFor(world, event.reservationId))[0]?.payload['occurredAt'] },
    }], `${reason}: one rollback event`)
    t.same(await statusOf(target), before, `${reason}: no seat changed`)
    t.equal((await availability(world, target.scheduleId)).available_seats, availableBefore, `${reason}: availability unchanged`)
  }
  t.same(await statusOf(otherShow), (await seatStates(world, otherShow.scheduleId)).map((seat) => [seat.id, 'AVAILABLE', null]), "the other schedule's seat was not held")
})

t.test('a SeatReservedEvent replayed after its reservation expired holds nothing', async (t) => {
  const show = await createShow(world)
  const seatIds = show.seatIds.slice(0, 2)
  // The measured fault: the hold was dead-lettered, the expiry (same topic and key) applied first and
  // found nothing to free, then the hold was replayed from the DLQ.
  const reserved = seatReserved(show, seatIds, { reservedAt: new Date(Date.now() - 301_000).toISOString(), expiresAt: new Date(Date.now() - 1_000).toISOString() })
  t.match(await applyEvent(world, 'ReservationExpiredEvent', reservationExpired(reserved)), { outcome: 'ignored' }, 'the expiry first: nothing held')
  const before = await statusOf(show)
  t.same(await applyEvent(world, 'SeatReservedEvent', reserved), { outcome: 'applied' })
  t.match(await outboxFor(world, reserved.reservationId), [{ type: 'ReservationRollbackEvent', payload: { reservationId: reserved.reservationId, reason: 'HOLD_EXPIRED' } }], 'answered with a rollback, not a confirmation')
  t.same(await statusOf(show), before, 'every seat still AVAILABLE')
  t.match(await availability(world, show.scheduleId), { available_seats: 10 })
  t.same(await cacheMismatches(world, show.scheduleId), [])

  const next = seatReserved(show, seatIds)
  t.same(await applyEvent(world, 'SeatReservedEvent', next), { outcome: 'applied' })
  t.equal((await outboxFor(world, next.reservationId))[0]?.type, 'ReservationConfirmedEvent', 'the next fan gets the seats')
})

t.test('a SeatReservedEvent replayed after its reservation was cancelled: held, then freed by the re-announced cancellation', async (t) => {
  const show = await createShow(world)
  const seatIds = show.seatIds.slice(0, 2)
  const reserved = seatReserved(show, seatIds)
  t.match(await applyEvent(world, 'ReservationCancelledEvent', reservationCancelled(reserved)), { outcome: 'ignored' }, 'the cancellation first: nothing held')
  t.same(await applyEvent(world, 'SeatReservedEvent', reserved), { outcome: 'applied' }, 'concert cannot tell: it holds and confirms')
  t.equal((await outboxFor(world, reserved.reservationId))[0]?.type, 'ReservationConfirmedEvent')
  // order-service answers that confirmation with the cancellation again (order/events/consumers.ts).
  const compensation = { ...reservationCancelled(reserved), reason: 'LATE_HOLD_RELEASED' }
  t.same(await applyEvent(world, 'ReservationCancelledEvent', compensation), { outcome: 'applied' })
  t.same((await statusOf(show)).slice(0, 2), seatIds.map((id) => [id, 'AVAILABLE', null]), 'the seats are AVAILABLE again')
  t.match(await availability(world, show.scheduleId), { available_seats: 10 })
  t.ok(await availabilityMatchesSeats(world, show.scheduleId))
  t.same(await cacheMismatches(world, show.scheduleId), [])

  // A compensation delivered again after another fan took a seat frees nothing of theirs.
  const next = seatReserved(show, [seatIds[0]!])
  await applyEvent(world, 'SeatReservedEvent', next)
  t.match(await applyEvent(world, 'ReservationCancelledEvent', compensation), { outcome: 'ignored' })
  t.same((await statusOf(show))[0], [seatIds[0], 'HELD', next.reservationId])
  t.ok(await availabilityMatchesSeats(world, show.scheduleId))
})

t.test('two reservations racing for overlapping seats: exactly one wins', async (t) => {
  const show = await createShow(world)
  const [s1, s2, s3] = show.seatIds
  const left = seatReserved(show, [s1!, s2!])
  const right = seatReserved(show, [s2!, s3!])
  const run = (event: ReturnType<typeof seatReserved>) => db.transaction().execute((trx) => holdSeats(trx, event))
  await Promise.all([run(left), run(right)])
  const outcomes = [
    (await outboxFor(world, left.reservationId)).map((event) => event.type),
    (await outboxFor(world, right.reservationId)).map((event) => event.type),
  ]
  t.same(outcomes.flat().sort(), ['ReservationConfirmedEvent', 'ReservationRollbackEvent'])
  const winner = outcomes[0]![0] === 'ReservationConfirmedEvent' ? left : right
  const loser = winner === left ? right : left
  t.match((await outboxFor(world, loser.reservationId))[0], { payload: { reason: 'SEAT_UNAVAILABLE' } })
  const seats = await seatStates(world, show.scheduleId)
  t.same(seats.filter((seat) => seat.status === 'HELD').map((seat) => [seat.id, seat.reservation_id]), winner.seatIds.map((id) => [id, winner.reservationId]))
  t.ok(await availabilityMatchesSeats(world, show.scheduleId))

  // Many at once on the same seat: one hold, the rest roll back, counts intact.
  const contenders = Array.from({ length: 8 }, () => seatReserved(show, [show.seatIds[5]!]))
  await Promise.all(contenders.map(run))
  const types = (await Promise.all(contenders.map((event) => outboxFor(world, event.reservationId)))).map((events) => events[0]!.type)
  t.equal(types.filter((type) => type === 'ReservationConfirmedEvent').length, 1)
  t.equal(types.filter((type) => type === 'ReservationRollbackEvent').length, 7)
  t.ok(await availabilityMatchesSeats(world, show.scheduleId))
})

for (const [name, release] of [['ReservationExpiredEvent', reservationExpired], ['ReservationCancelledEvent', reservationCancelled]] as const) {
  t.test(`${name} frees the held seats, once`, async (t) => {
    const show = await createShow(world)
    const reserved = seatReserved(show, show.seatIds.slice(0, 3))
    const other = seatReserved(show, [show.seatIds[3]!])
    await applyEvent(world, 'SeatReservedEvent', reserved)
    await applyEvent(world, 'SeatReservedEvent', other)
    t.match(await availability(world, show.scheduleId), { available_seats: 6 })

    const event = release(reserved) as never
    t.same(await applyEvent(world, name, event), { outcome: 'applied' })
    const seats = await seatStates(world, show.scheduleId)
    t.same(seats.slice(0, 3).map((seat) => [seat.status, seat.reservation_id, seat.version]), [['AVAILABLE', null, 2], ['AVAILABLE', null, 2], ['AVAILABLE', null, 2]])
    t.same([seats[3]!.status, seats[3]!.reservation_id], ['HELD', other.reservationId], "another reservation's hold is untouched")
    t.match(await availability(world, show.scheduleId), { available_seats: 9 })
    t.ok(await availabilityMatchesSeats(world, show.scheduleId))
    t.same(await cacheMismatches(world, show.scheduleId), [])

    t.same(await applyEvent(world, name, event), { outcome: 'ignored', reason: 'no seat is held by this reservation' }, 'released twice: nothing changes')
    t.match(await availability(world, show.scheduleId), { available_seats: 9 })
    t.ok(await availabilityMatchesSeats(world, show.scheduleId))
    t.equal((await outboxFor(world, reserved.reservationId)).length, 1, 'releases emit nothing')

    // A release for seats now held by someone else must not free them.
    const next = seatReserved(show, [show.seatIds[0]!])
    await applyEvent(world, 'SeatReservedEvent', next)
    t.match(await applyEvent(world, name, event), { outcome: 'ignored' })
    t.same((await seatStates(world, show.scheduleId))[0]!.reservation_id, next.reservationId)
    t.ok(await availabilityMatchesSeats(world, show.scheduleId))
  })
}

t.test('ReservationPaidEvent sells the held seats, once; out-of-order events are ignored', async (t) => {
  const show = await createShow(world)
  const reserved = seatReserved(show, show.seatIds.slice(0, 2))

  t.match(await applyEvent(world, 'ReservationPaidEvent', reservationPaid(reserved, show)), { outcome: 'ignored', reason: /not held by this reservation/ }, 'paid before held')
  t.match(await applyEvent(world, 'ReservationExpiredEvent', reservationExpired(reserved)), { outcome: 'ignored' }, 'expired before held')
  t.same((await statusOf(show)).slice(0, 2).map(([, status]) => status), ['AVAILABLE', 'AVAILABLE'])

  await applyEvent(world, 'SeatReservedEvent', reserved)
  t.same(await applyEvent(world, 'ReservationPaidEvent', reservationPaid(reserved, show)), { outcome: 'applied' })
  const seats = await seatStates(world, show.scheduleId)
  t.same(seats.slice(0, 2).map((seat) => [seat.status, seat.reservation_id, seat.version]), [['SOLD', reserved.reservationId, 2], ['SOLD', reserved.reservationId, 2]])
  t.match(await availability(world, show.scheduleId), { available_seats: 8 }, 'HELD already counted as unavailable')
  t.same(await cacheMismatches(world, show.scheduleId), [])

  t.same(await applyEvent(world, 'ReservationPaidEvent', reservationPaid(reserved, show)), { outcome: 'ignored', reason: 'seats already sold to this reservation' })
  t.same(await applyEvent(world, 'ReservationCancelledEvent', reservationCancelled(reserved)), { outcome: 'ignored', reason: 'no seat is held by this reservation' }, 'a sold seat is never released')
  t.same((await seatStates(world, show.scheduleId)).slice(0, 2).map((seat) => seat.status), ['SOLD', 'SOLD'])
  t.ok(await availabilityMatchesSeats(world, show.scheduleId))

  const stranger = seatReserved(show, [show.seatIds[2]!])
  await applyEvent(world, 'SeatReservedEvent', stranger)
  const wrongSeats = { ...reservationPaid(stranger, show), seatIds: [show.seatIds[2]!, show.seatIds[3]!] }
  t.match(await applyEvent(world, 'ReservationPaidEvent', wrongSeats), { outcome: 'ignored', reason: /: \d+$/ }, 'a seat it does not hold: nothing is sold')
  t.equal((await seatStates(world, show.scheduleId))[2]!.status, 'HELD')
})
