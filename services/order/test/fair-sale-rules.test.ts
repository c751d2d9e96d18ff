import t from 'tap'
import {
  bookingWindow, fanRefusal, isAdmissionEnded, isLive, scheduleRefusal, seatsHeld, type FanReservation,
} from '../domain/fair-sale.ts'
import { RESERVATION_STATUSES, type ReservationStatus } from '../domain/reservation.ts'

const now = new Date('2030-01-01T12:00:00Z')
const at = (ms: number) => new Date(now.getTime() + ms)
const schedule = { performanceId: 'p1', bookingOpensAt: at(-3_600_000), startsAt: at(3_600_000) }
const reservation = (status: ReservationStatus, seats = 1, admissionTokenId = 'other-token', reservationId = `r-${status}-${seats}`): FanReservation =>
  ({ reservationId, admissionTokenId, status, seats })
const fan = (reservations: FanReservation[], changes: Partial<Parameters<typeof fanRefusal>[0]> = {}) =>
  fanRefusal({ tokenId: 'token', announcedEnded: false, reservations, requested: 1, limit: 4, ...changes })

t.test('booking window: from bookingOpensAt (inclusive) until the show starts (exclusive)', async (t) => {
  t.equal(bookingWindow(schedule, at(-3_600_001)), 'NOT_OPEN_YET')
  t.equal(bookingWindow(schedule, at(-3_600_000)), 'OPEN', 'opens exactly at bookingOpensAt')
  t.equal(bookingWindow(schedule, at(3_599_999)), 'OPEN')
  t.equal(bookingWindow(schedule, at(3_600_000)), 'CLOSED', 'closed once the show starts')
})

t.test('schedule checks, in the contract’s order: unknown, other performance, closed', async (t) => {
  t.same(scheduleRefusal(undefined, 'p1', now), { code: 'SCHEDULE_NOT_FOUND' })
  t.same(scheduleRefusal(schedule, 'p2', now), { code: 'ADMISSION_WRONG_PERFORMANCE' })
  t.same(scheduleRefusal({ ...schedule, startsAt: now }, 'p2', now), { code: 'ADMISSION_WRONG_PERFORMANCE' }, 'the performance is checked before the window')
  t.same(scheduleRefusal({ ...schedule, bookingOpensAt: at(1) }, 'p1', now), { code: 'BOOKING_CLOSED', window: 'NOT_OPEN_YET' })
  t.same(scheduleRefusal({ ...schedule, startsAt: at(-1) }, 'p1', now), { code: 'BOOKING_CLOSED', window: 'CLOSED' })
  t.equal(scheduleRefusal(schedule, 'p1', now), undefined)
})

t.test('live holds are PENDING and HELD; seats held count live holds and purchases', async (t) => {
  t.same(RESERVATION_STATUSES.filter(isLive), ['PENDING', 'HELD'])
  t.equal(seatsHeld([reservation('PENDING', 1), reservation('HELD', 2), reservation('CONFIRMED', 1), reservation('CANCELLED', 4), reservation('EXPIRED', 3)]), 4)
  t.equal(seatsHeld([]), 0)
})

t.test('an admission ends once a purchase made with it is paid, or user-service ended it', async (t) => {
  t.equal(isAdmissionEnded('token', [], false), false)
  t.equal(isAdmissionEnded('token', [], true), true, 'announced (the fan left)')
  t.equal(isAdmissionEnded('token', [reservation('CONFIRMED', 1, 'token')], false), true, 'paid with it')
  t.equal(isAdmissionEnded('token', [reservation('CONFIRMED', 1, 'other-token')], false), false, 'another admission’s purchase')
  for (const status of ['PENDING', 'HELD', 'CANCELLED', 'EXPIRED'] as const) {
    t.equal(isAdmissionEnded('token', [reservation(status, 1, 'token')], false), false, `a ${status} hold does not end it`)
  }
})

t.test('fan checks, in order: ended admission, live hold of this admission, limit', async (t) => {
  t.same(fan([reservation('CONFIRMED', 1, 'token'), reservation('HELD', 1, 'token', 'live')]), { code: 'ADMISSION_USED' }, 'ended before live hold')
  t.same(fan([], { announcedEnded: true }), { code: 'ADMISSION_USED' })
  t.same(fan([reservation('PENDING', 1, 'token', 'mine')]), { code: 'HOLD_EXISTS', reservationId: 'mine' })
  t.same(fan([reservation('HELD', 4, 'token', 'mine')], { requested: 4 }), { code: 'HOLD_EXISTS', reservationId: 'mine' }, 'a live hold before the limit')
  t.equal(fan([reservation('CANCELLED', 2, 'token'), reservation('EXPIRED', 2, 'token')]), undefined, 'released holds do not block the admission')
  t.equal(fan([reservation('HELD', 1, 'other-token')]), undefined, 'another admission’s live hold is not this one’s')
})

t.test('limit: held (live + bought) + requested must not exceed it', async (t) => {
  const others = [reservation('HELD', 2, 'a'), reservation('CONFIRMED', 1, 'b'), reservation('CANCELLED', 4, 'c')]
  t.equal(fan(others, { requested: 1 }), undefined, '3 + 1 = 4 is fine')
  t.same(fan(others, { requested: 2 }), { code: 'TICKET_LIMIT', limit: 4, held: 3, requested: 2 })
  t.equal(fan([], { requested: 4 }), undefined, 'a first request of 4')
  t.same(fan([reservation('CONFIRMED', 4, 'a')], { requested: 1 }), { code: 'TICKET_LIMIT', limit: 4, held: 4, requested: 1 })
  t.equal(fan([reservation('CONFIRMED', 4, 'a')], { requested: 1, limit: 5 }), undefined, 'the limit is a setting')
  t.same(fan([], { requested: 2, limit: 1 }), { code: 'TICKET_LIMIT', limit: 1, held: 0, requested: 2 })
})
