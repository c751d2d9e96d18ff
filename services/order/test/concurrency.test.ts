import { randomInt, randomUUID } from 'node:crypto'
import t from 'tap'
import { startHarness, type Fan } from './harness.ts'

// These tests race for seats; the per-fan limit (4 by default) is raced in fair-sale.test.ts, so here
// it is high enough for one fan's four requesters to win up to 4 seats each.
const h = await startHarness({ TICKETS_PER_FAN_PER_PERFORMANCE: '16' })
t.teardown(() => h.close())
const { db } = h.service

// 25 fans, each sending 4 requests with distinct admissions and Idempotency-Keys: 100 independent
// requests (signing up 100 fans costs 200 scrypt hashes and proves nothing more). One admission
// holds one live hold at a time, so each requester has its own, for a performance of its own.
const fans: Fan[] = await Promise.all(Array.from({ length: 25 }, () => h.fan()))
const requestersFor = async (performanceId: string) =>
  Promise.all(fans.flatMap((fan) => [1, 2, 3, 4].map(() => h.admit(fan, performanceId))))

t.test('100 requests race for one seat: exactly one hold', async (t) => {
  const performanceId = randomUUID()
  const requesters = await requestersFor(performanceId)
  const scheduleId = await h.schedule(performanceId)
  const responses = await Promise.all(requesters.map((fan) => h.reserve(fan, { scheduleId, seatIds: [42] })))
  const statuses = responses.map((response) => response.statusCode)
  t.equal(statuses.filter((status) => status === 201).length, 1, 'one winner')
  t.equal(statuses.filter((status) => status === 409).length, 99, '99 losers')
  for (const loser of responses.filter((response) => response.statusCode === 409)) {
    t.match(loser.json(), { code: 'SEAT_UNAVAILABLE', seatIds: [42] })
  }
  const winner = responses.find((response) => response.statusCode === 201)!.json()
  const holds = await db.selectFrom('seat_reservation').selectAll().where('schedule_id', '=', scheduleId).execute()
  t.equal(holds.length, 1)
  t.equal(holds[0]!.reservation_id, winner.reservationId)
  const reservations = await db.selectFrom('reservation').select('id').where('schedule_id', '=', scheduleId).execute()
  t.same(reservations.map((r) => r.id), [winner.reservationId], 'no reservation for any loser')
  const orders = await db.selectFrom('orders').select('id').where('reservation_id', 'in', reservations.map((r) => r.id)).execute()
  t.equal(orders.length, 1)
})

t.test('overlapping multi-seat requests never share a seat', async (t) => {
  for (let round = 0; round < 5; round++) {
    const performanceId = randomUUID()
    const requesters = await requestersFor(performanceId)
    const scheduleId = await h.schedule(performanceId)
    const requests = requesters.slice(0, 30).map((fan) => {
      const seatIds = [...new Set(Array.from({ length: randomInt(1, 5) }, () => randomInt(1, 11)))]
      return { fan, seatIds }
    })
    const responses = await Promise.all(requests.map(({ fan, seatIds }) => h.reserve(fan, { scheduleId, seatIds })))
    t.ok(responses.every((response) => response.statusCode === 201 || response.statusCode === 409), `round ${round}: only 201 and 409`)
    const holds = await db.selectFrom('seat_reservation').selectAll().where('schedule_id', '=', scheduleId).execute()
    const holdsBy = new Map<string, number[]>()
    for (const hold of holds) holdsBy.set(hold.reservation_id, [...(holdsBy.get(hold.reservation_id) ?? []), hold.seat_id].sort((a, b) => a - b))
    const winners = responses.filter((response) => response.statusCode === 201).map((response) => response.json())
    t.ok(winners.length >= 1, `round ${round}: someone wins`)
    for (const [index, response] of responses.entries()) {
      const requested = [...requests[index]!.seatIds].sort((a, b) => a - b)
      if (response.statusCode === 201) {
        t.same(holdsBy.get(response.json().reservationId), requested, 'a winner holds exactly its seats')
      } else {
        const { seatIds } = response.json() as { seatIds: number[] }
        t.ok(seatIds.length > 0 && seatIds.every((seatId) => requested.includes(seatId)), 'a loser is told which of its seats are taken')
      }
    }
    t.equal(holdsBy.size, winners.length, 'every hold belongs to a winner')
    t.equal(new Set(holds.map((hold) => hold.seat_id)).size, holds.length, 'no seat held twice')
    const reservations = await db.selectFrom('reservation').select('id').where('schedule_id', '=', scheduleId).execute()
    t.equal(reservations.length, winners.length, 'losers left no reservation behind')
  }
})
