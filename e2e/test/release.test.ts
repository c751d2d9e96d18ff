/**
 * Sagas 5 and 6 with a 4-second hold: a user cancels (DELETE /reservations/{id}), a hold expires
 * (order-service's sweeper → ReservationExpiredEvent), and a payment started just before expiry,
 * slower than the rest of the hold, is not expired mid-saga and completes.
 */
import t from 'tap'
import { eventually, sleep } from '../src/api.ts'
import { startSystem } from '../src/fixture.ts'

const HOLD_TTL_SECONDS = 4
const LATENCY_MS = 3500
const sys = await startSystem(t, {
  label: 'release',
  env: { HOLD_TTL_SECONDS: String(HOLD_TTL_SECONDS) },
  serviceEnv: { payment: { PAYMENT_GATEWAY_LATENCY_MS: String(LATENCY_MS) } },
})

t.test('DELETE /reservations/{id} releases the seats', async (t) => {
  const show = await sys.admin.createShow()
  const fan = await sys.api.signUp('canceller')
  const token = await fan.admitted(show.performanceId)
  const seatIds = [show.seats[0]!.seatId, show.seats[1]!.seatId, show.seats[2]!.seatId]
  const created = await fan.reserve(show.scheduleId, seatIds, token.admissionToken)
  await fan.waitReservation(created.reservationId, 'HELD')
  t.equal((await sys.api.schedule(show.performanceId, show.scheduleId))?.availableSeats, show.seats.length - 3, 'three seats counted off')

  const x = await fan.cancelRaw(created.reservationId)
  t.equal(x.status, 200, `DELETE → 200: ${JSON.stringify(x.body)}`)
  t.match(x.body, { status: 'CANCELLED' }, 'the answer says CANCELLED')
  const r = await fan.reservation(created.reservationId)
  t.match(r, { status: 'CANCELLED', orderStatus: 'CANCELLED' }, 'GET shows CANCELLED')

  const seats = await eventually('seats AVAILABLE again', () => sys.api.seats(show.scheduleId), (s) => s.filter((x) => seatIds.includes(x.seatId)).every((x) => x.status === 'AVAILABLE'))
  t.equal(seats.filter((s) => s.status === 'AVAILABLE').length, show.seats.length, 'every seat AVAILABLE')
  const schedule = await eventually('availableSeats restored', () => sys.api.schedule(show.performanceId, show.scheduleId), (s) => s?.availableSeats === show.seats.length)
  t.equal(schedule?.availableSeats, show.seats.length, 'availableSeats restored')

  const twice = await fan.cancelRaw(created.reservationId)
  t.ok(twice.status === 200 || twice.status === 409, `cancelling again is 200 (idempotent) or 409, never 5xx: ${twice.status}`)
  await sys.settle(t)
})

t.test('an unpaid hold expires after HOLD_TTL_SECONDS and the seats come back', async (t) => {
  const show = await sys.admin.createShow()
  const fan = await sys.api.signUp('sleeper')
  const token = await fan.admitted(show.performanceId)
  const seatIds = [show.seats[5]!.seatId, show.seats[6]!.seatId]
  const created = await fan.reserve(show.scheduleId, seatIds, token.admissionToken)
  const expiresIn = new Date(created.expiresAt).getTime() - Date.now()
  t.ok(expiresIn > 0 && expiresIn <= HOLD_TTL_SECONDS * 1000 + 1000, `expiresAt is HOLD_TTL_SECONDS ahead (${expiresIn} ms)`)
  await fan.waitReservation(created.reservationId, 'HELD')

  const expired = await fan.waitReservation(created.reservationId, ['EXPIRED', 'CANCELLED', 'CONFIRMED'], 30_000)
  t.equal(expired.status, 'EXPIRED', 'reservation EXPIRED')
  t.equal(expired.orderStatus, 'CANCELLED', 'its order CANCELLED')
  t.ok(Date.now() >= new Date(created.expiresAt).getTime(), 'not before expiresAt')
  await eventually('seats AVAILABLE again', () => sys.api.seats(show.scheduleId), (s) => s.filter((x) => seatIds.includes(x.seatId)).every((x) => x.status === 'AVAILABLE'))
  const schedule = await eventually('availableSeats restored', () => sys.api.schedule(show.performanceId, show.scheduleId), (s) => s?.availableSeats === show.seats.length)
  t.equal(schedule?.availableSeats, show.seats.length, 'availableSeats restored')

  const late = await fan.payRaw(created.orderId)
  if (late.status === 202) {
    const p = await fan.waitPayment((late.body as { paymentId: string }).paymentId, ['REJECTED', 'CANCELLED', 'COMPLETED'])
    t.equal(p.status, 'REJECTED', 'paying an expired order is REJECTED by order-service')
  } else {
    t.ok(late.status >= 400 && late.status < 500, `paying an expired order is refused: ${late.status}`)
  }
  await sys.settle(t)
  t.equal((await fan.balance()).balance, 0, 'no points moved')
})

t.test('a payment started just before expiry is not expired mid-saga and completes', async (t) => {
  const show = await sys.admin.createShow()
  const fan = await sys.api.signUp('last-second')
  await fan.charge(100_000)
  const token = await fan.admitted(show.performanceId)
  const seatIds = [show.seats[8]!.seatId]
  const created = await fan.reserve(show.scheduleId, seatIds, token.admissionToken)
  await fan.waitReservation(created.reservationId, 'HELD')
  const expiresAt = new Date(created.expiresAt).getTime()
  // Start paying ~1.5 s before expiry: the gateway takes LATENCY_MS, so the saga runs past expiresAt.
  const wait = expiresAt - 1500 - Date.now()
  if (wait > 0) await sleep(wait)
  t.ok(Date.now() < expiresAt - 500, 'paying while the hold is still live')
  const payment = await fan.pay(created.orderId)
  const processing = await eventually('order PAYMENT_PROCESSING', () => fan.reservation(created.reservationId), (r) => r.orderStatus !== 'PENDING')
  t.equal(processing.orderStatus, 'PAYMENT_PROCESSING', 'order-service accepted the payment before expiry')

  const final = await fan.waitReservation(created.reservationId, ['CONFIRMED', 'EXPIRED', 'CANCELLED'], 30_000)
  t.equal(final.status, 'CONFIRMED', 'reservation CONFIRMED, not EXPIRED')
  t.equal(final.orderStatus, 'PAID', 'order PAID')
  t.ok(new Date(final.updatedAt).getTime() > expiresAt, `the saga finished after expiresAt (${final.updatedAt} > ${created.expiresAt}): the race was exercised`)
  t.equal((await fan.waitPayment(payment.paymentId, 'COMPLETED')).status, 'COMPLETED')
  await eventually('seat SOLD', () => sys.api.seats(show.scheduleId), (s) => s.find((x) => x.seatId === seatIds[0])?.status === 'SOLD')
  await sys.settle(t)
  t.equal((await fan.balance()).balance, 100_000 - show.seats[8]!.price, 'points taken once')
})
