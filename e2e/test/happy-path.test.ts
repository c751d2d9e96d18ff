/**
 * Saga 1, the happy path, through the gateway only: waiting room → hold (ReservationConfirmedEvent)
 * → payment → order PAID, reservation CONFIRMED, seats SOLD, points deducted exactly once, token USED,
 * two notifications. Then the SPEC §7 invariants in the databases.
 */
import t from 'tap'
import { randomUUID } from 'node:crypto'
import { eventually } from '../src/api.ts'
import { startSystem } from '../src/fixture.ts'

const sys = await startSystem(t, { label: 'happy-path' })

t.test('a fan holds two seats, pays with points, and the seats are sold', async (t) => {
  const show = await sys.admin.createShow({ sections: [{ name: 'A', rows: 2, seatsPerRow: 5, grade: 'R', price: 12_000 }] })
  t.equal(show.seats.length, 10, 'the schedule has its 10 seats')
  t.ok(show.seats.every((s) => s.status === 'AVAILABLE' && s.price === 12_000), 'all AVAILABLE at the section price')
  const scheduleBefore = await sys.api.schedule(show.performanceId, show.scheduleId)
  t.match(scheduleBefore, { availableSeats: 10, totalSeats: 10 }, 'GET /schedules counts 10 of 10 available')

  const fan = await sys.api.signUp('happy')
  const charged = await fan.charge(50_000)
  t.equal(charged.balance, 50_000, 'charged 50,000 points')

  const token = await fan.admitted(show.performanceId)
  t.equal(token.performanceId, show.performanceId)

  const seatIds = [show.seats[3]!.seatId, show.seats[4]!.seatId]
  const idempotencyKey = randomUUID()
  const created = await fan.reserve(show.scheduleId, seatIds, token.admissionToken, idempotencyKey)
  t.match(created, { status: 'PENDING', scheduleId: show.scheduleId }, 'POST /reservations → 201 PENDING')
  t.same([...created.seatIds].sort((a, b) => a - b), [...seatIds].sort((a, b) => a - b), 'the requested seats')

  const replay = await fan.reserveRaw(show.scheduleId, seatIds, token.admissionToken, idempotencyKey)
  t.equal(replay.status, 201, 'same Idempotency-Key and body: the first response again')
  t.same(replay.body, created, 'replayed body is identical (no second reservation)')

  const held = await fan.waitReservation(created.reservationId, 'HELD')
  t.equal(held.orderStatus, 'PENDING', 'order stays PENDING while held')
  t.equal(held.amount, 24_000, 'amount from ReservationConfirmedEvent = 2 × 12,000')
  t.same(held.seats.map((s) => s.price), [12_000, 12_000], 'seat prices confirmed by concert')

  const seatsHeld = await sys.api.seats(show.scheduleId)
  t.same(seatsHeld.filter((s) => seatIds.includes(s.seatId)).map((s) => s.status), ['HELD', 'HELD'], 'GET /seats shows both HELD')
  t.equal((await sys.api.schedule(show.performanceId, show.scheduleId))?.availableSeats, 8, 'availableSeats 10 → 8')
  const available = await sys.api.seats(show.scheduleId, 'AVAILABLE')
  t.equal(available.length, 8, '?status=AVAILABLE lists the other 8')
  t.notOk(available.some((s) => seatIds.includes(s.seatId)), 'held seats are not listed as AVAILABLE')

  const paymentKey = randomUUID()
  const payment = await fan.pay(created.orderId, paymentKey)
  t.match(payment, { orderId: created.orderId, status: 'REQUESTED' }, 'POST /payments → 202 REQUESTED')
  const payReplay = await fan.payRaw(created.orderId, paymentKey)
  t.equal(payReplay.status, 202, 'payment replay answers 202 again')
  t.match(payReplay.body, { paymentId: payment.paymentId }, 'payment replay: the same payment')

  const confirmed = await fan.waitReservation(created.reservationId, 'CONFIRMED')
  t.equal(confirmed.orderStatus, 'PAID', 'order PAID')
  const completed = await fan.waitPayment(payment.paymentId, 'COMPLETED')
  t.equal(completed.amount, 24_000, 'payment COMPLETED for 24,000')

  const sold = await eventually('both seats SOLD in GET /seats', () => sys.api.seats(show.scheduleId), (seats) => seats.filter((s) => seatIds.includes(s.seatId)).every((s) => s.status === 'SOLD'))
  t.equal(sold.filter((s) => s.status === 'SOLD').length, 2, 'exactly the two seats are SOLD')
  t.equal(sold.filter((s) => s.status === 'AVAILABLE').length, 8, 'the rest stay AVAILABLE')

  const usedToken = await eventually('waiting-room token USED', () => fan.getToken(token.tokenId), (v) => v.status === 'USED')
  t.notOk(usedToken.admissionToken, 'a USED token carries no admission token')

  const notes = await eventually('two notifications', () => fan.notifications(), (n) => n.length >= 2)
  t.same(notes.map((n) => n.type).sort(), ['PAYMENT_COMPLETED', 'RESERVATION_HELD'], 'RESERVATION_HELD and PAYMENT_COMPLETED, once each')

  await sys.settle(t)

  // After every event has drained (including any redelivery): points were taken exactly once.
  const balance = await fan.balance()
  t.equal(balance.balance, 50_000 - 24_000, 'balance 26,000')
  const transactions = await fan.transactions()
  t.same(transactions.map((x) => x.type).sort(), ['CHARGE', 'USE'], 'one CHARGE and one USE')
  t.match(transactions.find((x) => x.type === 'USE'), { amount: 24_000, paymentId: payment.paymentId }, 'the USE is 24,000 for this payment')
  t.equal((await fan.notifications()).length, 2, 'still exactly two notifications')
  t.equal((await fan.reservations()).length, 1, 'one reservation in GET /reservations (the replay made none)')
})
