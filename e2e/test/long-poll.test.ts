/**
 * Long-polls instead of polling (issue 10), through the gateway with two instances of every service:
 * a fan waits for HELD, COMPLETED and CONFIRMED with one request each (`?wait=&status=`), whichever
 * instance applied the change and whichever answers the wait; another user's id is 404 at once; a bad
 * wait is a 400 problem; a graceful stop answers a waiting request at once. Then the same small sale
 * with the plain and the push client, and the requests each made per confirmed seat.
 */
import t, { type Test } from 'tap'
import type { Exchange, PaymentView, ReservationView } from '../src/api.ts'
import { startSystem } from '../src/fixture.ts'
import { runSale, seeded, type SaleStats } from '../src/sale.ts'

const sys = await startSystem(t, { label: 'long-poll', instances: 2 })
const WAIT = 25
const wait = (path: string, status: string, token: string) =>
  sys.api.call<ReservationView & PaymentView>('GET', `${path}?wait=${WAIT}&status=${status}`, { token, timeoutMs: (WAIT + 15) * 1000 })

/** The answer came with a status other than the one waited on: the change ended the wait, not the clock. */
function changed(t: Test, x: Exchange<{ status: string }>, from: string, to: string) {
  t.equal(x.status, 200, `${x.method} ${x.path}`)
  t.equal(x.body.status, to, `${from} → ${to}`)
}

t.test('a fan waits for HELD, COMPLETED and CONFIRMED with one request each', async (t) => {
  const show = await sys.admin.createShow()
  const fan = await sys.api.signUp('longpoll')
  await fan.charge(100_000)
  const { admissionToken } = await fan.admitted(show.performanceId)
  const seatIds = show.seats.slice(0, 2).map((seat) => seat.seatId)
  const created = await fan.reserve(show.scheduleId, seatIds, admissionToken)

  changed(t, await wait(`/reservations/${created.reservationId}`, 'PENDING', fan.token), 'PENDING', 'HELD')
  const payment = await fan.pay(created.orderId)
  const paid = await wait(`/payments/${payment.paymentId}`, 'REQUESTED', fan.token)
  changed(t, paid, 'REQUESTED', 'COMPLETED')
  t.equal(paid.body.amount, 20_000)
  const confirmed = await wait(`/reservations/${created.reservationId}`, 'HELD', fan.token)
  changed(t, confirmed, 'HELD', 'CONFIRMED')
  t.match(confirmed.body, { orderStatus: 'PAID', amount: 20_000, seats: seatIds.map((seatId) => ({ seatId, price: 10_000 })) })
  t.same(confirmed.body, await fan.reservation(created.reservationId), 'the body of a plain read')

  const stranger = await sys.api.signUp('stranger')
  const started = Date.now()
  const theirs = await wait(`/reservations/${created.reservationId}`, 'CONFIRMED', stranger.token)
  t.equal(theirs.status, 404, 'another user\'s reservation')
  const theirPayment = await wait(`/payments/${payment.paymentId}`, 'COMPLETED', stranger.token)
  t.equal(theirPayment.status, 404, 'another user\'s payment')
  t.ok(Date.now() - started < 10_000, 'both before any wait')
  for (const query of ['wait=31&status=HELD', 'wait=5']) {
    const bad = await sys.api.call<{ code: string }>('GET', `/reservations/${created.reservationId}?${query}`, { token: fan.token })
    t.equal(bad.status, 400, query)
    t.match(String(bad.contentType), /application\/problem\+json/)
    t.equal(bad.body.code, 'VALIDATION_FAILED')
  }
  await sys.settle(t)
})

t.test('a graceful stop answers a waiting long-poll at once, with the current view', async (t) => {
  const show = await sys.admin.createShow()
  const fan = await sys.api.signUp('longpoll-stop')
  const { admissionToken } = await fan.admitted(show.performanceId)
  const created = await fan.reserve(show.scheduleId, [show.seats[0]!.seatId], admissionToken)
  await fan.waitReservation(created.reservationId, 'HELD')
  // Straight to the second order-service instance, which is then stopped while the request waits.
  const waiting = fetch(`${sys.system.urlOf('order', 1)}/reservations/${created.reservationId}?wait=30&status=HELD`, { headers: { authorization: `Bearer ${fan.token}` } })
  await new Promise((resolve) => setTimeout(resolve, 500))
  const started = Date.now()
  await sys.system.stopService('order', 1)
  const response = await waiting
  const stopMs = Date.now() - started
  t.equal(response.status, 200)
  t.match(await response.json(), { reservationId: created.reservationId, status: 'HELD' })
  t.ok(stopMs < 8000, `stopped and answered in ${stopMs} ms, not after the 30 s wait`)
  await sys.system.startService('order', {}, 90_000, 1)
  t.equal((await fan.cancelRaw(created.reservationId)).status, 200)
  await sys.settle(t)
})

t.test('requests per confirmed seat: the plain client against the push client', async (t) => {
  const FANS = 12
  const perSeat = (stats: SaleStats, route?: string) => {
    const count = route ? stats.routes.get(route) ?? 0 : [...stats.routes.values()].reduce((a, b) => a + b, 0)
    return (count / Math.max(1, stats.confirmedSeats)).toFixed(1)
  }
  const results: Record<string, SaleStats> = {}
  for (const client of ['plain', 'push'] as const) {
    const show = await sys.admin.createShow({ sections: [{ name: 'A', rows: 2, seatsPerRow: FANS / 2, grade: 'R', price: 10_000 }] })
    const fans = []
    for (let i = 0; i < FANS; i++) {
      const fan = await sys.api.signUp(`${client}${i}`)
      await fan.charge(100_000)
      fans.push(fan)
    }
    const stats = await runSale({
      api: sys.api, fans, performanceId: show.performanceId, scheduleId: show.scheduleId, concurrency: FANS,
      deadline: Date.now() + 120_000, random: seeded(7), client,
    })
    t.same(stats.internalErrors, [], `${client}: no 500`)
    t.same(stats.fansGaveUp, [], `${client}: every fan finished`)
    t.equal(stats.confirmedSeats, FANS, `${client}: every seat confirmed`)
    results[client] = stats
    t.comment(`${client}: per confirmed seat: GET /reservations/:id ${perSeat(stats, 'GET /reservations/:id')}, `
      + `GET /payments/:id ${perSeat(stats, 'GET /payments/:id')}, all requests ${perSeat(stats)}; routes ${JSON.stringify(Object.fromEntries(stats.routes))}`)
  }
  const reads = (stats: SaleStats) => stats.routes.get('GET /reservations/:id') ?? 0
  t.ok(reads(results['push']!) < reads(results['plain']!), 'the push client reads its reservations fewer times')
  await sys.settle(t)
})
