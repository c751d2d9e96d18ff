/**
 * Issue 11, the refund saga through the gateway: a fan cancels a paid booking, gets every point back,
 * the seats are AVAILABLE again and another fan buys them in the same sale; a second cancel is a
 * replay (same key) or 409; after the deadline the cancellation is refused; a refunded fan cannot
 * review; payment-service or concert-service killed mid-refund and started again completes the saga.
 *
 * CANCELLATION_CLOSES_HOURS_BEFORE_START is 0.005 h (18 s) here, so one show can be bought, cancelled,
 * bought again, closed for cancellation and over within a minute.
 */
import t from 'tap'
import { randomUUID } from 'node:crypto'
import { eventually, sleep, type Fan, type Problem, type ReservationView, type Show } from '../src/api.ts'
import { startSystem } from '../src/fixture.ts'

const CLOSES_MS = 18_000
const sys = await startSystem(t, { label: 'refund', serviceEnv: { order: { CANCELLATION_CLOSES_HOURS_BEFORE_START: String(CLOSES_MS / 3_600_000) } } })
const { db } = sys.stack

async function buy(show: Show, seatIds: number[], name: string, points = 100_000): Promise<{ fan: Fan; reservationId: string; orderId: string; paymentId: string }> {
  const fan = await sys.api.signUp(name)
  await fan.charge(points)
  const token = await fan.admitted(show.performanceId)
  const created = await fan.reserve(show.scheduleId, seatIds, token.admissionToken)
  await fan.waitReservation(created.reservationId, 'HELD')
  const payment = await fan.pay(created.orderId)
  await fan.waitReservation(created.reservationId, 'CONFIRMED')
  return { fan, reservationId: created.reservationId, orderId: created.orderId, paymentId: payment.paymentId }
}

const waitRefunded = (fan: Fan, reservationId: string, timeoutMs = 60_000) =>
  eventually(`reservation ${reservationId} CANCELLED/REFUNDED`, () => fan.reservation(reservationId), (r) => r.orderStatus === 'REFUNDED', { timeoutMs })
const seatStatuses = async (show: Show, seatIds: number[]) => (await sys.api.seats(show.scheduleId)).filter((s) => seatIds.includes(s.seatId)).map((s) => s.status)

t.test('cancel → refund → seats AVAILABLE → another fan buys them; double cancel; deadline; the refunded fan cannot review', async (t) => {
  const startsAt = new Date(Date.now() + 45_000)
  const show = await sys.admin.createShow({ startsAt, endsAt: new Date(startsAt.getTime() + 3_000), bookingOpensAt: new Date(Date.now() - 60_000) })
  const seatIds = [show.seats[0]!.seatId, show.seats[1]!.seatId]
  const amount = 2 * show.seats[0]!.price
  const first = await buy(show, seatIds, 'refunded')
  t.equal((await first.fan.balance()).balance, 100_000 - amount)

  const key = randomUUID()
  const cancelled = await first.fan.cancellationRaw(first.reservationId, key)
  t.equal(cancelled.status, 202, 'a paid booking: 202, the refund is under way')
  t.match(cancelled.body, { status: 'CONFIRMED', orderStatus: 'REFUND_REQUESTED' })
  const replay = await first.fan.cancellationRaw(first.reservationId, key)
  t.equal(replay.status, 202, 'the same Idempotency-Key replays the first answer')
  t.same(replay.body, cancelled.body)
  const second = await first.fan.cancellationRaw(first.reservationId)
  t.equal(second.status, 409)
  t.equal((second.body as Problem).code, 'ALREADY_CANCELLED', 'another key: 409 ALREADY_CANCELLED')

  const done = await waitRefunded(first.fan, first.reservationId)
  t.match(done, { status: 'CANCELLED', orderStatus: 'REFUNDED', failureReason: 'CANCELLED_BY_FAN' })
  t.equal((await first.fan.waitPayment(first.paymentId, 'REFUNDED')).status, 'REFUNDED')
  t.equal((await first.fan.balance()).balance, 100_000, 'every point back (the cached balance too)')
  t.match((await first.fan.transactions()).filter((x) => x.type === 'REFUND'), [{ type: 'REFUND', amount }], 'one REFUND transaction')
  t.match(await first.fan.notifications(), [{ type: 'REFUND_COMPLETED' }, { type: 'PAYMENT_COMPLETED' }, { type: 'RESERVATION_HELD' }], 'the fan is told')
  t.same(await eventually('seats AVAILABLE in the seat map', () => seatStatuses(show, seatIds), (s) => s.every((x) => x === 'AVAILABLE')), ['AVAILABLE', 'AVAILABLE'])
  t.equal((await sys.api.schedule(show.performanceId, show.scheduleId))?.availableSeats, show.seats.length, 'availability counts them again')

  const next = await buy(show, seatIds, 'next-buyer')
  t.same(await eventually('seats SOLD to the next fan', () => seatStatuses(show, seatIds), (s) => s.every((x) => x === 'SOLD')), ['SOLD', 'SOLD'], 'another fan bought the refunded seats')

  const late = await buy(show, [show.seats[2]!.seatId], 'too-late')
  const wait = startsAt.getTime() - CLOSES_MS - Date.now() + 300
  t.ok(wait > 0, 'the sale went fast enough to still be before the deadline')
  await sleep(Math.max(0, wait))
  const closed = await late.fan.cancellationRaw(late.reservationId)
  t.equal(closed.status, 409, 'after the deadline (while booking is still open)')
  t.match(closed.body, { code: 'CANCELLATION_CLOSED', closesAt: new Date(startsAt.getTime() - CLOSES_MS).toISOString() })
  t.match(await late.fan.reservation(late.reservationId), { status: 'CONFIRMED', orderStatus: 'PAID' }, 'the booking stands')

  await sleep(Math.max(0, show.endsAt.getTime() - Date.now() + 200))
  const refused = await first.fan.reviewRaw(show.performanceId, 5, 'I cancelled, but still')
  t.equal(refused.status, 403, 'the refunded fan cannot review')
  t.match(refused.body, { code: 'NOT_ATTENDED', detail: /paid reservation/ })
  t.same(await db.review.selectFrom('attendance').select('reservation_id').where('reservation_id', '=', first.reservationId).execute(), [], 'attendance withdrawn')
  const posted = await eventually('the next buyer reviews', () => next.fan.reviewRaw(show.performanceId, 4, 'Got the seats after all'), (x) => x.status !== 403, { timeoutMs: 15_000 })
  t.equal(posted.status, 201, 'the fan who bought the refunded seats can')
  await sys.settle(t)
})

for (const service of ['payment', 'concert'] as const) {
  t.test(`${service}-service killed mid-refund: the saga completes after it is started again`, async (t) => {
    const show = await sys.admin.createShow({ startsAt: new Date(Date.now() + 2 * 86_400_000) })
    const seatId = show.seats[service === 'payment' ? 5 : 6]!.seatId
    const bought = await buy(show, [seatId], `crash-${service}`)
    const cancelled = await bought.fan.cancellationRaw(bought.reservationId)
    t.equal(cancelled.status, 202)
    await sys.system.killService(service)
    t.pass(`${service}-service killed (SIGKILL) right after the cancellation`)
    // The other half of the saga goes on; the order waits for the half that is down.
    if (service === 'payment') {
      await eventually('seat AVAILABLE in concert', () => db.concert.selectFrom('seat').select('status').where('id', '=', seatId).executeTakeFirstOrThrow(), (s) => s.status === 'AVAILABLE')
    } else {
      await eventually('points back', () => bought.fan.balance(), (b) => b.balance === 100_000)
    }
    await sleep(1000)
    const during: ReservationView = await bought.fan.reservation(bought.reservationId)
    t.equal(during.orderStatus, 'REFUND_REQUESTED', `still REFUND_REQUESTED while ${service}-service is down`)

    await sys.system.startService(service)
    await sys.system.waitGatewayReady()
    t.match(await waitRefunded(bought.fan, bought.reservationId), { status: 'CANCELLED', orderStatus: 'REFUNDED' }, 'completed after the restart')
    t.equal((await bought.fan.balance()).balance, 100_000, 'refunded exactly once')
    t.equal((await bought.fan.transactions()).filter((x) => x.type === 'REFUND').length, 1)
    t.same(await seatStatuses(show, [seatId]), ['AVAILABLE'])
    await sys.settle(t)
  })
}
