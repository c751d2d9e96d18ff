/**
 * Saga 9, the review gate through the gateway: a fan who paid for a schedule that has ended may
 * review (attendance from ReservationPaidEvent); a fan who did not pay gets 403 NOT_ATTENDED.
 * The schedule starts a few seconds from now and ends shortly after, so it was bookable and has ended.
 */
import t from 'tap'
import { eventually, sleep, type Problem } from '../src/api.ts'
import { startSystem } from '../src/fixture.ts'

const sys = await startSystem(t, { label: 'review' })

t.test('an attendee reviews after the show; a non-attendee gets 403 NOT_ATTENDED', async (t) => {
  const startsAt = new Date(Date.now() + 20_000)
  const endsAt = new Date(startsAt.getTime() + 3_000)
  const show = await sys.admin.createShow({ startsAt, endsAt, bookingOpensAt: new Date(Date.now() - 60_000) })
  const fan = await sys.api.signUp('attendee')
  const stranger = await sys.api.signUp('stranger')
  await fan.charge(50_000)
  const token = await fan.admitted(show.performanceId)
  const created = await fan.reserve(show.scheduleId, [show.seats[0]!.seatId], token.admissionToken)
  await fan.waitReservation(created.reservationId, 'HELD')
  await fan.pay(created.orderId)
  const confirmed = await fan.waitReservation(created.reservationId, 'CONFIRMED')
  t.ok(new Date(confirmed.updatedAt).getTime() < startsAt.getTime(), 'booked and paid before the show started')

  const early = await fan.reviewRaw(show.performanceId, 5, 'Cannot wait!')
  t.equal(early.status, 403, `before the show ends a review is refused: ${JSON.stringify(early.body)}`)

  const wait = endsAt.getTime() - Date.now() + 200
  if (wait > 0) await sleep(wait)

  const posted = await eventually('attendance recorded and review accepted', () => fan.reviewRaw(show.performanceId, 4, 'Great sound, long queue.'), (x) => x.status !== 403, { timeoutMs: 15_000 })
  t.equal(posted.status, 201, `POST /reviews → 201: ${JSON.stringify(posted.body)}`)
  const again = await fan.reviewRaw(show.performanceId, 5, 'Second thoughts')
  t.equal(again.status, 409, 'one review per user and performance')

  const refused = await stranger.reviewRaw(show.performanceId, 1, 'I was not there but...')
  t.equal(refused.status, 403, 'a non-attendee is refused')
  t.equal((refused.body as Problem).code, 'NOT_ATTENDED', 'code NOT_ATTENDED')
  t.match(refused.contentType, /application\/problem\+json/, 'as problem+json')

  const list = await sys.api.reviews(show.performanceId)
  t.match(list, { performanceId: show.performanceId, count: 1, total: 1, averageRating: 4 }, 'GET /reviews shows the one review')
  await sys.settle(t)
})
