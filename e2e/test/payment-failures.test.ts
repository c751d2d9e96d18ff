/**
 * Sagas 2 and 3: a payment the gateway declines, and a payment without enough points. Both end with
 * payment CANCELLED and the order back to PENDING with the hold kept (SPEC §7 payment steps 3 and 4);
 * after charging, paying again completes.
 */
import t from 'tap'
import { eventually, type Fan, type Show } from '../src/api.ts'
import { startSystem } from '../src/fixture.ts'

const sys = await startSystem(t, { label: 'payment-failures' })

async function heldReservation(fan: Fan, show: Show, seatIds: number[]) {
  const token = await fan.admitted(show.performanceId)
  const created = await fan.reserve(show.scheduleId, seatIds, token.admissionToken)
  await fan.waitReservation(created.reservationId, 'HELD')
  return { token, created }
}

t.test('the payment gateway declines: payment CANCELLED, order PENDING, hold kept, no points taken', async (t) => {
  await sys.system.restartService('payment', { PAYMENT_GATEWAY_DECLINE_RATE: '1' })
  t.teardown(() => sys.system.restartService('payment'))

  const show = await sys.admin.createShow()
  const fan = await sys.api.signUp('declined')
  await fan.charge(100_000)
  const seatIds = [show.seats[0]!.seatId]
  const { created } = await heldReservation(fan, show, seatIds)

  const payment = await fan.pay(created.orderId)
  const cancelled = await fan.waitPayment(payment.paymentId, ['CANCELLED', 'COMPLETED', 'REJECTED'])
  t.equal(cancelled.status, 'CANCELLED', 'payment CANCELLED by the decline')
  t.equal(cancelled.failureReason, 'PAYMENT_DECLINED', 'failureReason says declined')

  const back = await eventually('order back to PENDING', () => fan.reservation(created.reservationId), (r) => r.orderStatus === 'PENDING' && r.status === 'HELD', { timeoutMs: 30_000 })
  t.equal(back.status, 'HELD', 'reservation still HELD')
  t.equal(back.orderStatus, 'PENDING', 'order rolled back to PENDING (OrderRollbackEvent)')
  const seats = await sys.api.seats(show.scheduleId)
  t.equal(seats.find((s) => s.seatId === seatIds[0])?.status, 'HELD', 'the seat is still HELD for the fan')

  await sys.settle(t)
  t.equal((await fan.balance()).balance, 100_000, 'no points taken')
  t.same((await fan.transactions()).map((x) => x.type), ['CHARGE'], 'only the charge: no USE, no REFUND')
  const again = await fan.reservation(created.reservationId)
  t.match(again, { status: 'HELD', orderStatus: 'PENDING' }, 'still HELD/PENDING after draining')
})

t.test('not enough points: payment CANCELLED, order PENDING with the hold kept; charge and pay again → CONFIRMED', async (t) => {
  const show = await sys.admin.createShow({ sections: [{ name: 'V', rows: 1, seatsPerRow: 4, grade: 'VIP', price: 30_000 }] })
  const fan = await sys.api.signUp('poor')
  await fan.charge(40_000)
  const seatIds = [show.seats[0]!.seatId, show.seats[1]!.seatId]
  const { created, token } = await heldReservation(fan, show, seatIds)
  t.equal((await fan.reservation(created.reservationId)).amount, 60_000, 'the order costs 60,000')

  const first = await fan.pay(created.orderId)
  // COMPLETED is on the way here (authorized, then the point step finds too few points): wait for an end state.
  const failed = await fan.waitPayment(first.paymentId, ['CANCELLED', 'REJECTED'])
  t.equal(failed.status, 'CANCELLED', 'payment CANCELLED (PaymentRollbackEvent from the point step)')
  t.equal(failed.failureReason, 'INSUFFICIENT_POINTS', 'failureReason INSUFFICIENT_POINTS')
  const kept = await eventually('order back to PENDING', () => fan.reservation(created.reservationId), (r) => r.orderStatus === 'PENDING')
  t.match(kept, { status: 'HELD', orderStatus: 'PENDING' }, 'the hold is kept, the order is PENDING again')

  await sys.settle(t, 'invariants hold after the failed payment')
  t.equal((await fan.balance()).balance, 40_000, 'balance untouched')
  t.same((await fan.transactions()).map((x) => x.type), ['CHARGE'], 'no USE was recorded')

  await fan.charge(20_000)
  const second = await fan.pay(created.orderId)
  t.not(second.paymentId, first.paymentId, 'a new payment')
  const confirmed = await fan.waitReservation(created.reservationId, 'CONFIRMED')
  t.equal(confirmed.orderStatus, 'PAID', 'order PAID')
  t.equal((await fan.waitPayment(second.paymentId, 'COMPLETED')).amount, 60_000)
  t.equal((await fan.payment(first.paymentId)).status, 'CANCELLED', 'the first payment stays CANCELLED')
  await eventually('seats SOLD', () => sys.api.seats(show.scheduleId), (s) => s.filter((x) => seatIds.includes(x.seatId)).every((x) => x.status === 'SOLD'))
  await eventually('token USED', () => fan.getToken(token.tokenId), (v) => v.status === 'USED')

  await sys.settle(t)
  t.equal((await fan.balance()).balance, 0, '40,000 + 20,000 − 60,000 = 0')
  t.same((await fan.transactions()).map((x) => x.type).sort(), ['CHARGE', 'CHARGE', 'USE'], 'two charges, one use')
})
