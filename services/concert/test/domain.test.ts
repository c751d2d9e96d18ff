import t from 'tap'
import { bookingWindow, isListed, scheduleProblem } from '../domain/schedule.ts'
import { decideHold, decideSale, holdLapsed, releasable, totalPrice, type SeatState } from '../domain/seat.ts'
import { MAX_SEATS_PER_VENUE, layoutProblem, seatsOf, totalSeats, type Section } from '../domain/venue.ts'

const section = (name: string, rows = 2, seatsPerRow = 3, price = 1000): Section => ({ name, rows, seatsPerRow, grade: 'R', price })

t.test('venue layout: seat count, unique names, size cap', async (t) => {
  t.equal(totalSeats([section('A'), section('B', 10, 10)]), 106)
  t.equal(layoutProblem([section('A'), section('B')]), undefined)
  t.match(layoutProblem([section('A'), section('B'), section('A')]), /'A' is used twice/)
  t.equal(layoutProblem([section('A', 100, 100), section('B', 100, 100)]), undefined, `exactly ${MAX_SEATS_PER_VENUE} seats is fine`)
  t.match(layoutProblem([section('A', 100, 100), section('B', 100, 100), section('C', 1, 1)]), /20001 seats/)
})

t.test('venue layout: seats section by section, row by row, 1-based', async (t) => {
  const seats = [...seatsOf([section('A', 2, 2, 500), { name: 'B', rows: 1, seatsPerRow: 1, grade: 'S', price: 0 }])]
  t.same(seats, [
    { section: 'A', row: 1, number: 1, grade: 'R', price: 500 },
    { section: 'A', row: 1, number: 2, grade: 'R', price: 500 },
    { section: 'A', row: 2, number: 1, grade: 'R', price: 500 },
    { section: 'A', row: 2, number: 2, grade: 'R', price: 500 },
    { section: 'B', row: 1, number: 1, grade: 'S', price: 0 },
  ])
})

t.test('schedule times', async (t) => {
  const at = (iso: string) => new Date(iso)
  const valid = { startsAt: at('2030-05-01T19:00:00Z'), endsAt: at('2030-05-01T22:00:00Z'), bookingOpensAt: at('2030-04-01T10:00:00Z') }
  t.equal(scheduleProblem(valid), undefined)
  t.equal(scheduleProblem({ ...valid, bookingOpensAt: valid.startsAt }), undefined, 'booking may open when the show starts')
  t.match(scheduleProblem({ ...valid, endsAt: valid.startsAt }), /startsAt must be before endsAt/)
  t.match(scheduleProblem({ ...valid, bookingOpensAt: at('2030-05-01T19:00:00.001Z') }), /bookingOpensAt must not be after startsAt/)
  t.match(scheduleProblem({ ...valid, startsAt: at('1999-12-31T23:59:59Z') }), /startsAt must be in the years/)
  t.match(scheduleProblem({ ...valid, endsAt: at('2100-01-01T00:00:00Z') }), /endsAt must be in the years/)
  t.match(scheduleProblem({ ...valid, endsAt: new Date(Number.NaN) }), /endsAt is not a valid date-time/)
})

t.test('booking window: from bookingOpensAt (inclusive) to startsAt (exclusive)', async (t) => {
  const schedule = { bookingOpensAt: new Date('2030-04-01T10:00:00Z'), startsAt: new Date('2030-05-01T19:00:00Z') }
  t.equal(bookingWindow(schedule, new Date('2030-04-01T09:59:59.999Z')), 'NOT_OPEN_YET')
  t.equal(bookingWindow(schedule, new Date('2030-04-01T10:00:00Z')), 'OPEN')
  t.equal(bookingWindow(schedule, new Date('2030-05-01T18:59:59.999Z')), 'OPEN')
  t.equal(bookingWindow(schedule, new Date('2030-05-01T19:00:00Z')), 'CLOSED')
  t.ok(isListed(schedule, new Date('2030-03-01T00:00:00Z')), 'listed before booking opens')
  t.notOk(isListed(schedule, new Date('2030-05-01T19:00:00Z')), 'not listed once started')
})

const seat = (id: number, status: SeatState['status'] = 'AVAILABLE', reservationId: string | null = null, price = 1000): SeatState => ({ id, status, reservationId, price })

t.test('hold: all seats or none, priced', async (t) => {
  t.same(decideHold([1, 2], [seat(1, 'AVAILABLE', null, 150_000), seat(2, 'AVAILABLE', null, 90_000)], 'r1'), {
    kind: 'hold', seats: [{ seatId: 1, price: 150_000 }, { seatId: 2, price: 90_000 }], amount: 240_000,
  })
  t.match(decideHold([2, 1], [seat(1), seat(2)], 'r1'), { kind: 'hold', seats: [{ seatId: 2 }, { seatId: 1 }] }, 'in the requested order')
  t.same(decideHold([1, 3], [seat(1)], 'r1'), { kind: 'refuse', reason: 'SEAT_NOT_FOUND', seatIds: [3] })
  t.same(decideHold([1, 2], [seat(1), seat(2, 'HELD', 'r0')], 'r1'), { kind: 'refuse', reason: 'SEAT_UNAVAILABLE', seatIds: [2] })
  t.same(decideHold([1, 2], [seat(1, 'SOLD', 'r0'), seat(2)], 'r1'), { kind: 'refuse', reason: 'SEAT_UNAVAILABLE', seatIds: [1] })
  t.same(decideHold([1, 2], [seat(1, 'HELD', 'r1'), seat(2, 'HELD', 'r1')], 'r1'), { kind: 'already-held' }, 'a repeated hold changes nothing')
  t.same(decideHold([1, 2], [seat(1, 'HELD', 'r1'), seat(2)], 'r1'), { kind: 'refuse', reason: 'SEAT_UNAVAILABLE', seatIds: [1] }, 'partly held by itself is not a repeat')
  t.equal(totalPrice([]), 0)
})

t.test('a hold asked for at or after its reservation expired has lapsed', async (t) => {
  const now = new Date('2030-01-01T12:00:00Z')
  t.notOk(holdLapsed(new Date(now.getTime() + 1), now))
  t.ok(holdLapsed(now, now), 'at the expiry')
  t.ok(holdLapsed(new Date(now.getTime() - 300_000), now))
})

t.test('release: only the seats the reservation still holds', async (t) => {
  t.same(releasable([seat(1, 'HELD', 'r1'), seat(2, 'HELD', 'r2'), seat(3, 'SOLD', 'r1'), seat(4)], 'r1'), [1])
  t.same(releasable([seat(1)], 'r1'), [], 'releasing twice releases nothing')
})

t.test('sale: every seat held by the reservation, or nothing', async (t) => {
  t.same(decideSale([1, 2], [seat(1, 'HELD', 'r1'), seat(2, 'HELD', 'r1')], 'r1'), { kind: 'sell', seatIds: [1, 2] })
  t.same(decideSale([1, 2], [seat(1, 'SOLD', 'r1'), seat(2, 'SOLD', 'r1')], 'r1'), { kind: 'ignore', reason: 'seats already sold to this reservation' })
  t.match(decideSale([1, 2], [seat(1, 'HELD', 'r1'), seat(2)], 'r1'), { kind: 'ignore', reason: /not held by this reservation: 2$/ })
  t.match(decideSale([1, 2], [seat(1, 'HELD', 'r1')], 'r1'), { kind: 'ignore', reason: /: 2$/ }, 'a missing seat')
  t.match(decideSale([1], [seat(1, 'HELD', 'r2')], 'r1'), { kind: 'ignore' })
})
