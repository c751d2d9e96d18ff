/**
 * Saga 8: a service killed with SIGKILL mid-saga (no graceful shutdown, offsets and transactions cut
 * off) and started again completes the saga: the outbox kept the events, Kafka kept the records,
 * processed_event makes the redelivery harmless.
 */
import t from 'tap'
import { eventually, sleep } from '../src/api.ts'
import { startSystem } from '../src/fixture.ts'

const sys = await startSystem(t, {
  label: 'crash',
  // A slow gateway keeps payment-service inside the step when it is killed.
  serviceEnv: { payment: { PAYMENT_GATEWAY_LATENCY_MS: '1500' } },
})

t.test('payment-service killed right after POST /payments (and mid-authorization): the payment completes after restart', async (t) => {
  const show = await sys.admin.createShow()
  const fan = await sys.api.signUp('crash-pay')
  await fan.charge(100_000)
  const token = await fan.admitted(show.performanceId)
  const seatIds = [show.seats[0]!.seatId, show.seats[1]!.seatId]
  const created = await fan.reserve(show.scheduleId, seatIds, token.admissionToken)
  await fan.waitReservation(created.reservationId, 'HELD')

  const payment = await fan.pay(created.orderId)
  // Order accepts the payment; payment-service is then inside the 1.5 s authorization when killed.
  await eventually('order PAYMENT_PROCESSING', () => fan.reservation(created.reservationId), (r) => r.orderStatus === 'PAYMENT_PROCESSING', { intervalMs: 20 })
  await sleep(300)
  await sys.system.killService('payment')
  t.pass('payment-service killed (SIGKILL)')
  const during = await fan.reservation(created.reservationId)
  t.not(during.status, 'CONFIRMED', `not confirmed while payment-service is down (${during.status}/${during.orderStatus})`)

  await sys.system.startService('payment')
  await sys.system.waitGatewayReady()
  const confirmed = await fan.waitReservation(created.reservationId, ['CONFIRMED', 'CANCELLED', 'EXPIRED'], 60_000)
  t.equal(confirmed.status, 'CONFIRMED', 'reservation CONFIRMED after the restart')
  t.equal(confirmed.orderStatus, 'PAID')
  t.equal((await fan.waitPayment(payment.paymentId, 'COMPLETED')).status, 'COMPLETED')
  await eventually('seats SOLD', () => sys.api.seats(show.scheduleId), (s) => s.filter((x) => seatIds.includes(x.seatId)).every((x) => x.status === 'SOLD'))
  await sys.settle(t)
  t.equal((await fan.balance()).balance, 100_000 - 2 * show.seats[0]!.price, 'points taken exactly once')
  t.equal((await fan.transactions()).filter((x) => x.type === 'USE').length, 1, 'one USE transaction')
})

t.test('order-service killed right after POST /reservations: the hold and the payment complete after restart', async (t) => {
  const show = await sys.admin.createShow()
  const fan = await sys.api.signUp('crash-order')
  await fan.charge(100_000)
  const token = await fan.admitted(show.performanceId)
  const seatIds = [show.seats[2]!.seatId]
  const created = await fan.reserve(show.scheduleId, seatIds, token.admissionToken)
  await sys.system.killService('order')
  t.pass('order-service killed (SIGKILL) right after 201')
  // Concert goes on without order-service: the seat is held from SeatReservedEvent.
  await eventually('seat HELD by concert while order-service is down', () => sys.api.seats(show.scheduleId), (s) => s.find((x) => x.seatId === seatIds[0])?.status === 'HELD')

  await sys.system.startService('order')
  await sys.system.waitGatewayReady()
  const held = await fan.waitReservation(created.reservationId, ['HELD', 'CANCELLED', 'EXPIRED'], 60_000)
  t.equal(held.status, 'HELD', 'ReservationConfirmedEvent applied after the restart')
  const payment = await fan.pay(created.orderId)
  await eventually('order PAYMENT_PROCESSING', () => fan.reservation(created.reservationId), (r) => r.orderStatus !== 'PENDING', { intervalMs: 20 })
  await sys.system.killService('order')
  t.pass('order-service killed again while the payment is in flight')
  await sys.system.startService('order')
  await sys.system.waitGatewayReady()
  const confirmed = await fan.waitReservation(created.reservationId, ['CONFIRMED', 'CANCELLED', 'EXPIRED'], 60_000)
  t.equal(confirmed.status, 'CONFIRMED', 'reservation CONFIRMED')
  t.equal((await fan.waitPayment(payment.paymentId, 'COMPLETED')).status, 'COMPLETED')
  await sys.settle(t)
  t.equal((await fan.balance()).balance, 100_000 - show.seats[2]!.price, 'points taken exactly once')
})

t.test('concert-service killed before it sees SeatReservedEvent: the hold is confirmed after restart', async (t) => {
  const show = await sys.admin.createShow()
  const fan = await sys.api.signUp('crash-concert')
  const token = await fan.admitted(show.performanceId)
  // GET /seats comes from concert-service, so read the schedule first.
  await sys.system.killService('concert')
  const created = await fan.reserve(show.scheduleId, [show.seats[3]!.seatId], token.admissionToken)
  const pending = await fan.reservation(created.reservationId)
  t.equal(pending.status, 'PENDING', 'PENDING while concert-service is down')
  await sys.system.startService('concert')
  await sys.system.waitGatewayReady()
  const held = await fan.waitReservation(created.reservationId, ['HELD', 'CANCELLED'], 60_000)
  t.equal(held.status, 'HELD', 'HELD after concert-service came back')
  t.equal((await sys.api.seats(show.scheduleId)).find((s) => s.seatId === show.seats[3]!.seatId)?.status, 'HELD')
  await sys.settle(t)
})
