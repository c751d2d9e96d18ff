/**
 * Saga 4: concert-service refuses a hold (SPEC §7 reservation step 2) and order-service cancels the
 * reservation with the reason (ReservationRollbackEvent): an unknown seat id. A schedule whose
 * booking window has not opened yet, or of another performance, order-service now refuses itself,
 * synchronously, from its schedule read model (issue 8). Nothing is held, nothing is counted off.
 */
import t from 'tap'
import { startSystem } from '../src/fixture.ts'

const sys = await startSystem(t, { label: 'reservation-rejected' })

t.test('an unknown seat id: reservation CANCELLED with a failureReason, the known seat stays AVAILABLE', async (t) => {
  const show = await sys.admin.createShow()
  const other = await sys.admin.createShow()
  const fan = await sys.api.signUp('unknown-seat')
  const token = await fan.admitted(show.performanceId)
  const known = show.seats[0]!.seatId
  // A seat id that exists, but in another schedule, and one that exists nowhere.
  for (const bad of [other.seats[0]!.seatId, 2_000_000_000]) {
    const x = await fan.reserveRaw(show.scheduleId, [known, bad], token.admissionToken)
    if (x.status === 201) {
      const created = x.body as { reservationId: string }
      const r = await fan.waitReservation(created.reservationId, ['CANCELLED', 'HELD', 'CONFIRMED', 'EXPIRED'])
      t.equal(r.status, 'CANCELLED', `seat ${bad}: reservation CANCELLED`)
      t.equal(r.orderStatus, 'CANCELLED', `seat ${bad}: order CANCELLED`)
      t.match(r.failureReason, /^[A-Z][A-Z_]+$/, `seat ${bad}: failureReason is a stable code (${r.failureReason})`)
    } else {
      // Refusing it at once (4xx problem) is also a correct answer; a 5xx is not.
      t.ok(x.status >= 400 && x.status < 500, `seat ${bad}: refused with a 4xx problem (${x.status} ${JSON.stringify(x.body)})`)
    }
  }
  await sys.settle(t, 'invariants hold (holds released in order-service)')
  const seats = await sys.api.seats(show.scheduleId)
  t.equal(seats.find((s) => s.seatId === known)?.status, 'AVAILABLE', 'the valid seat was never held')
  t.equal((await sys.api.schedule(show.performanceId, show.scheduleId))?.availableSeats, show.seats.length, 'availability untouched')
  t.equal((await sys.api.seats(other.scheduleId)).find((s) => s.seatId === other.seats[0]!.seatId)?.status, 'AVAILABLE', "the other schedule's seat untouched")

  // The released seat can be held right away by someone else.
  const next = await sys.api.signUp('next')
  const nextToken = await next.admitted(show.performanceId)
  const again = await next.reserve(show.scheduleId, [known], nextToken.admissionToken)
  t.equal((await next.waitReservation(again.reservationId, ['HELD', 'CANCELLED'])).status, 'HELD', 'the seat is holdable again')
  await sys.settle(t, 'invariants hold after the second hold')
})

t.test('booking not open yet (bookingOpensAt in the future): 409 BOOKING_CLOSED at once, nothing held', async (t) => {
  // The fan gets in through the performance's schedule that is on sale (the waiting room admits only
  // to a performance on sale), then asks for seats of its schedule that is not open yet.
  const onSale = await sys.admin.createShow()
  const { scheduleId } = await sys.admin.createSchedule(onSale.performanceId, {
    startsAt: new Date(Date.now() + 2 * 86_400_000), endsAt: new Date(Date.now() + 2 * 86_400_000 + 3_600_000), bookingOpensAt: new Date(Date.now() + 3600_000),
  })
  const fan = await sys.api.signUp('too-early')
  const token = await fan.admitted(onSale.performanceId)
  const seatId = (await sys.api.seats(scheduleId))[0]!.seatId
  const x = await fan.reserveRaw(scheduleId, [seatId], token.admissionToken)
  t.equal(x.status, 409, `refused at once: ${JSON.stringify(x.body)}`)
  t.match(x.body, { status: 409, code: 'BOOKING_CLOSED' })
  t.same(await fan.reservations(), [], 'no reservation was made')
  await sys.settle(t)
  const seats = await sys.api.seats(scheduleId)
  t.equal(seats.filter((s) => s.status !== 'AVAILABLE').length, 0, 'no seat of the closed schedule is held')
})

t.test('a queue token for another performance cannot hold seats of this one', async (t) => {
  const show = await sys.admin.createShow()
  const elsewhere = await sys.admin.createShow()
  const fan = await sys.api.signUp('wrong-perf')
  const token = await fan.admitted(elsewhere.performanceId)
  const x = await fan.reserveRaw(show.scheduleId, [show.seats[0]!.seatId], token.admissionToken)
  if (x.status === 201) {
    const r = await fan.waitReservation((x.body as { reservationId: string }).reservationId, ['CANCELLED', 'HELD', 'CONFIRMED', 'EXPIRED'])
    t.equal(r.status, 'CANCELLED', `reservation CANCELLED (${r.failureReason})`)
  } else {
    t.ok(x.status >= 400 && x.status < 500, `refused with a 4xx problem: ${x.status} ${JSON.stringify(x.body)}`)
  }
  await sys.settle(t)
  t.equal((await sys.api.seats(show.scheduleId))[0]!.status, 'AVAILABLE', 'the seat stays AVAILABLE')
})
