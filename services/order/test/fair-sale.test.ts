import { randomUUID } from 'node:crypto'
import t from 'tap'
import type { EventPayload } from '@concert/outbox'
import { onAdmissionEnded, onPaymentRequested, onPointsDeducted, onScheduleCreated, onSeatsConfirmed, onSeatsRefused } from '../events/consumers.ts'
import { expireDueHolds } from '../jobs/hold-sweeper.ts'
import { confirmation, paymentRequest, pointsDeducted, startHarness, type Fan, type Reserved } from './harness.ts'

// Issue 8: a hold is refused before any seat is touched when the schedule is unknown, of another
// performance or not on sale, when the admission has ended or already holds seats, or when the fan
// would hold or own more than TICKETS_PER_FAN_PER_PERFORMANCE (4) seats of the performance.
const h = await startHarness()
t.teardown(() => h.close())
const { app, db } = h.service

const count = async (table: 'outbox' | 'reservation' | 'seat_reservation' | 'fan_performance') =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
/** A refused request changes nothing: not even the fan's lock row is made for it. */
const written = async () => ({
  outbox: await count('outbox'), reservation: await count('reservation'), seat_reservation: await count('seat_reservation'), fan_performance: await count('fan_performance'),
})
/** Seats the fan holds or bought right now, straight from the holds table. */
const seatsOf = async (userId: string) => Number((await db.selectFrom('seat_reservation as s').innerJoin('reservation as r', 'r.id', 's.reservation_id')
  .select((eb) => eb.fn.countAll<number>().as('n')).where('r.user_id', '=', userId).executeTakeFirstOrThrow()).n)

async function hold(fan: Fan, scheduleId: string, seatIds: number[]): Promise<Reserved> {
  const response = await h.reserve(fan, { scheduleId, seatIds })
  if (response.statusCode !== 201) throw new Error(response.body)
  return response.json()
}

async function pay(fan: Fan, reserved: Reserved): Promise<void> {
  await db.transaction().execute((trx) => onSeatsConfirmed(trx, confirmation(reserved, fan)))
  const request = paymentRequest(reserved.orderId, fan.userId)
  await db.transaction().execute((trx) => onPaymentRequested(trx, request))
  await db.transaction().execute((trx) => onPointsDeducted(trx, pointsDeducted(request, 50_000 * reserved.seatIds.length)))
}

const left = (fan: Fan): EventPayload<'AdmissionEndedEvent'> => ({
  tokenId: fan.tokenId, userId: fan.userId, performanceId: fan.performanceId, reason: 'LEFT', endedAt: new Date().toISOString(), occurredAt: new Date().toISOString(),
})

t.test('the hoarding fan stops at 4 seats per performance, across admissions and schedules', async (t) => {
  const fan = await h.fan()
  const [morning, evening] = [await h.schedule(fan.performanceId), await h.schedule(fan.performanceId)]
  await hold(fan, morning, [1, 2])
  const second = await h.admit(fan)
  await hold(second, evening, [7, 8])
  const before = await written()
  const third = await h.admit(fan)
  const refused = await h.reserve(third, { scheduleId: morning, seatIds: [3] })
  t.equal(refused.statusCode, 409)
  t.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(refused.json(), { status: 409, code: 'TICKET_LIMIT', limit: 4, held: 4, requested: 1 })
  t.same(await written(), before, 'nothing written')
  t.equal(await seatsOf(fan.userId), 4)

  const other = await h.fan()
  const fresh = await h.schedule(other.performanceId)
  await hold(other, fresh, [1, 2, 3, 4])
  const more = await h.reserve(await h.admit(other), { scheduleId: fresh, seatIds: [5] })
  t.match(more.json(), { code: 'TICKET_LIMIT', held: 4, requested: 1 }, 'one request of 4, then any more is refused')
  const elsewhere = await h.fan()
  t.equal((await h.reserve(await h.admit(other, elsewhere.performanceId), { scheduleId: await h.schedule(elsewhere.performanceId), seatIds: [1, 2, 3, 4] })).statusCode, 201,
    'the limit is per performance')
})

t.test('bought seats count against the limit; released ones do not', async (t) => {
  const fan = await h.fan()
  const scheduleId = await h.schedule(fan.performanceId)
  await pay(fan, await hold(fan, scheduleId, [1, 2]))
  const buyer = await h.admit(fan)
  const tooMany = await h.reserve(buyer, { scheduleId, seatIds: [3, 4, 5] })
  t.match(tooMany.json(), { status: 409, code: 'TICKET_LIMIT', limit: 4, held: 2, requested: 3 })
  const kept = await hold(buyer, scheduleId, [3, 4])
  t.equal((await app.inject({ method: 'DELETE', url: `/reservations/${kept.reservationId}`, headers: fan.headers })).statusCode, 200)
  t.equal((await h.reserve(buyer, { scheduleId, seatIds: [5, 6] })).statusCode, 201, 'a cancelled hold frees its share of the limit')
  t.equal(await seatsOf(fan.userId), 4)
})

t.test('20 concurrent holds by one fan never exceed the limit', async (t) => {
  const fan = await h.fan()
  const scheduleId = await h.schedule(fan.performanceId)
  const admissions = await Promise.all(Array.from({ length: 20 }, () => h.admit(fan)))
  const requests = admissions.map((admission, i) => ({ admission, seatIds: i % 3 === 0 ? [2 * i + 1, 2 * i + 2] : [2 * i + 1] }))
  const responses = await Promise.all(requests.map(({ admission, seatIds }) => h.reserve(admission, { scheduleId, seatIds })))
  t.same([...new Set(responses.map((r) => r.statusCode))].sort(), [201, 409], 'only holds and limit refusals')
  const won = responses.filter((r) => r.statusCode === 201).map((r) => r.json() as Reserved)
  const wonSeats = won.reduce((sum, r) => sum + r.seatIds.length, 0)
  t.ok(wonSeats <= 4 && wonSeats >= 3, `the winners hold ${wonSeats} seats: as many as fit, never more than 4`)
  for (const refused of responses.filter((r) => r.statusCode === 409)) {
    const body = refused.json()
    t.equal(body.code, 'TICKET_LIMIT')
    t.ok(body.held + body.requested > 4 && body.held <= 4, `held ${body.held} + requested ${body.requested} > 4`)
  }
  t.equal(await seatsOf(fan.userId), wonSeats, 'the database agrees')
  const reservations = await db.selectFrom('reservation').select('id').where('user_id', '=', fan.userId).execute()
  t.equal(reservations.length, won.length, 'no reservation for a refused request')

  const same = await h.fan(fan.performanceId)
  const racing = await Promise.all(Array.from({ length: 20 }, (_, i) => h.reserve(same, { scheduleId, seatIds: [100 + i] })))
  t.equal(racing.filter((r) => r.statusCode === 201).length, 1, 'one admission racing itself: one hold')
  t.ok(racing.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'HOLD_EXISTS'), 'the others are told it holds seats')
  t.equal(await seatsOf(same.userId), 1)
})

t.test('one admission, one live hold: HOLD_EXISTS, and again once released', async (t) => {
  const fan = await h.fan()
  const scheduleId = await h.schedule(fan.performanceId)
  const first = await hold(fan, scheduleId, [1])
  const before = await written()
  const second = await h.reserve(fan, { scheduleId, seatIds: [2] })
  t.equal(second.statusCode, 409)
  t.match(second.json(), { code: 'HOLD_EXISTS', reservationId: first.reservationId })
  t.same(await written(), before, 'nothing written')

  t.equal((await app.inject({ method: 'DELETE', url: `/reservations/${first.reservationId}`, headers: fan.headers })).statusCode, 200)
  const afterCancel = await hold(fan, scheduleId, [2])
  t.pass('held again after cancelling')
  await db.updateTable('reservation').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', afterCancel.reservationId).execute()
  t.same(await expireDueHolds(db, 50), [afterCancel.reservationId])
  const afterExpiry = await hold(fan, scheduleId, [3])
  t.pass('held again after the hold expired')
  await db.transaction().execute((trx) => onSeatsRefused(trx, { reservationId: afterExpiry.reservationId, reason: 'SEAT_UNAVAILABLE', occurredAt: new Date().toISOString() }))
  await hold(fan, scheduleId, [4])
  t.pass('held again after concert refused the seats')
})

t.test('an ended admission is refused with ADMISSION_USED', async (t) => {
  const fan = await h.fan()
  const scheduleId = await h.schedule(fan.performanceId)
  await pay(fan, await hold(fan, scheduleId, [1]))
  const before = await written()
  const again = await h.reserve(fan, { scheduleId, seatIds: [2] })
  t.equal(again.statusCode, 403)
  t.match(again.json(), { status: 403, code: 'ADMISSION_USED' })
  t.same(await written(), before, 'nothing written')
  t.equal((await h.reserve(await h.admit(fan), { scheduleId, seatIds: [2] })).statusCode, 201, 'a new admission may buy more, within the limit')

  const leaver = await h.fan(fan.performanceId)
  const live = await hold(leaver, scheduleId, [10])
  t.same(await db.transaction().execute((trx) => onAdmissionEnded(trx, left(leaver))), { outcome: 'applied' })
  t.match(await db.transaction().execute((trx) => onAdmissionEnded(trx, left(leaver))), { outcome: 'ignored' }, 'a redelivery changes nothing')
  t.match(await db.selectFrom('ended_admission').selectAll().where('token_id', '=', leaver.tokenId).execute(), [{ user_id: leaver.userId, performance_id: leaver.performanceId, reason: 'LEFT' }])
  const afterLeaving = await h.reserve(leaver, { scheduleId, seatIds: [11] })
  t.match(afterLeaving.json(), { status: 403, code: 'ADMISSION_USED' }, 'ended comes before HOLD_EXISTS')
  t.equal((await app.inject({ method: 'DELETE', url: `/reservations/${live.reservationId}`, headers: leaver.headers })).statusCode, 200)
  t.match((await h.reserve(leaver, { scheduleId, seatIds: [11] })).json(), { code: 'ADMISSION_USED' }, 'and stays ended')
})

t.test('schedule checks: unknown 404, another performance 403, not on sale 409, nothing written', async (t) => {
  const fan = await h.fan()
  const before = await written()
  const unknown = await h.reserve(fan, { scheduleId: randomUUID(), seatIds: [1] })
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { status: 404, code: 'SCHEDULE_NOT_FOUND' })

  const foreign = await h.schedule(randomUUID())
  const wrong = await h.reserve(fan, { scheduleId: foreign, seatIds: [1] })
  t.equal(wrong.statusCode, 403)
  t.match(wrong.json(), { status: 403, code: 'ADMISSION_WRONG_PERFORMANCE' })
  t.same(await db.selectFrom('seat_reservation').selectAll().where('schedule_id', '=', foreign).execute(), [], 'no seat_reservation row')

  const soon = await h.schedule(fan.performanceId, { bookingOpensAt: new Date(Date.now() + 3_600_000) })
  const early = await h.reserve(fan, { scheduleId: soon, seatIds: [1] })
  t.equal(early.statusCode, 409)
  t.match(early.json(), { code: 'BOOKING_CLOSED', detail: /not opened/ })
  const started = await h.schedule(fan.performanceId, { bookingOpensAt: new Date(Date.now() - 7_200_000), startsAt: new Date(Date.now() - 1000) })
  const late = await h.reserve(fan, { scheduleId: started, seatIds: [1] })
  t.match(late.json(), { status: 409, code: 'BOOKING_CLOSED', detail: /started/ })
  t.same(await written(), before, 'no reservation, hold or outbox row for any of them')

  // The schedule is checked before the admission: an ended one still hears about the schedule first.
  await db.transaction().execute((trx) => onAdmissionEnded(trx, left(fan)))
  t.equal((await h.reserve(fan, { scheduleId: randomUUID(), seatIds: [1] })).json().code, 'SCHEDULE_NOT_FOUND')
  t.equal((await h.reserve(fan, { scheduleId: foreign, seatIds: [1] })).json().code, 'ADMISSION_WRONG_PERFORMANCE')
  t.equal((await h.reserve(fan, { scheduleId: started, seatIds: [1] })).json().code, 'BOOKING_CLOSED')
  t.equal((await h.reserve(fan, { scheduleId: await h.schedule(fan.performanceId), seatIds: [1] })).json().code, 'ADMISSION_USED')
})

t.test('a replayed Idempotency-Key answers the stored 201 before any check', async (t) => {
  const fan = await h.fan()
  const scheduleId = await h.schedule(fan.performanceId)
  const key = randomUUID()
  const first = await h.reserve(fan, { scheduleId, seatIds: [1, 2] }, key)
  t.equal(first.statusCode, 201)
  const replay = await h.reserve(fan, { scheduleId, seatIds: [2, 1] }, key)
  t.equal(replay.statusCode, 201, 'not HOLD_EXISTS for its own hold')
  t.same(replay.json(), first.json())
  await db.updateTable('schedule').set({ starts_at: new Date(Date.now() - 1000) }).where('id', '=', scheduleId).execute()
  t.same((await h.reserve(fan, { scheduleId, seatIds: [1, 2] }, key)).json(), first.json(), 'nor BOOKING_CLOSED once the show started')
  t.equal((await h.reserve(fan, { scheduleId, seatIds: [3] })).json().code, 'BOOKING_CLOSED', 'while a new request is refused')
  t.equal((await db.selectFrom('reservation').select('id').where('user_id', '=', fan.userId).execute()).length, 1)
})

t.test('ScheduleCreatedEvent fills the read model once', async (t) => {
  const event: EventPayload<'ScheduleCreatedEvent'> = {
    scheduleId: randomUUID(), performanceId: randomUUID(), startsAt: '2031-03-01T19:00:00.000Z', endsAt: '2031-03-01T21:30:00.000Z',
    bookingOpensAt: '2031-02-01T00:00:00.000Z', occurredAt: new Date().toISOString(),
  }
  t.same(await db.transaction().execute((trx) => onScheduleCreated(trx, event)), { outcome: 'applied' })
  t.match(await db.transaction().execute((trx) => onScheduleCreated(trx, { ...event, startsAt: '2031-03-02T19:00:00.000Z' })), { outcome: 'ignored' })
  const rows = await db.selectFrom('schedule').selectAll().where('id', '=', event.scheduleId).execute()
  t.same(rows.map((row) => [row.performance_id, row.starts_at.toISOString(), row.ends_at.toISOString(), row.booking_opens_at.toISOString()]),
    [[event.performanceId, event.startsAt, event.endsAt, event.bookingOpensAt]])
})

t.test('OpenAPI documents the refusals', async (t) => {
  const post = (await app.inject({ method: 'GET', url: '/docs/json' })).json().paths['/reservations'].post
  for (const status of ['403', '404', '409']) t.ok(post.responses[status], status)
  t.match(post.description, /SCHEDULE_NOT_FOUND.*ADMISSION_WRONG_PERFORMANCE.*BOOKING_CLOSED.*ADMISSION_USED.*HOLD_EXISTS.*TICKET_LIMIT/)
})
