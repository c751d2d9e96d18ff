/**
 * The seat maps converge to MySQL after Redis comes back, with no new seat change to trigger it:
 * concert-service runs here with its Redis behind a TCP proxy the test cuts like an outage (its
 * repair job started, as in production); what Redis really holds is read straight from it.
 */
import t from 'tap'
import { startTcpProxy, waitFor } from '@concert/outbox/testing'
import { startConcertService } from '../testing.ts'
import { applyEvent, cacheMismatches, createShow, reservationPaid, seatReserved, startWorld, type World } from './helpers.ts'

const world = await startWorld(t)
const proxy = await startTcpProxy({ host: process.env['REDIS_HOST'] ?? '127.0.0.1', port: Number(process.env['REDIS_PORT'] ?? 6380) })
const url = new URL(String(process.env['CONCERT_REDIS_URL']))
url.host = `127.0.0.1:${proxy.port}`
const service = await startConcertService(world.identity.jwksUrl, { REDIS_URL: url.toString() })
await service.start!()
t.teardown(async () => {
  await service.app.close()
  await proxy.close()
})
/** The same world, seen through the instance behind the proxy. */
const behindProxy: World = { ...world, service }

async function cutRedis() {
  await proxy.cut()
  await waitFor(async () => (await service.app.inject({ method: 'GET', url: '/health/ready' })).json().checks.redis.status === 'degraded', { what: 'the service to see Redis gone' })
}

async function converged(scheduleId: string) {
  await waitFor(async () => (await cacheMismatches(world, scheduleId)).length === 0 && !service.seatCache.repair.stale, { what: 'the seat map to equal MySQL', timeoutMs: 15_000 })
}

await waitFor(() => !service.seatCache.repair.stale, { what: 'the start-up repair' })

t.test('a hold and a sale committed while Redis is unreachable reach the seat map once it is back', async (t) => {
  const show = await createShow(world)
  const seats = show.seatIds.slice(0, 3)
  await world.service.app.inject({ method: 'GET', url: `/seats/${show.scheduleId}` })
  t.same(await cacheMismatches(world, show.scheduleId), [], 'a complete map to start with')

  const reserved = seatReserved(show, seats)
  t.match(await applyEvent(behindProxy, 'SeatReservedEvent', reserved), { outcome: 'applied' }) // refreshed through the proxy
  await cutRedis()
  t.match(await applyEvent(behindProxy, 'ReservationPaidEvent', reservationPaid(reserved, show)), { outcome: 'applied' })
  t.ok((await cacheMismatches(world, show.scheduleId)).some((problem) => /redis 1:HELD, mysql 2:SOLD/.test(problem)), 'the sale did not reach Redis')
  const held = await service.app.inject({ method: 'GET', url: `/seats/${show.scheduleId}?status=SOLD` })
  t.same(held.json().items.map((seat: { seatId: number }) => seat.seatId), seats, 'meanwhile reads come from MySQL')

  await proxy.restore()
  await converged(show.scheduleId)
  const sold = await world.service.app.inject({ method: 'GET', url: `/seats/${show.scheduleId}?status=SOLD` })
  t.same(sold.json().items.map((seat: { seatId: number }) => seat.seatId), seats, 'any instance reads the sale from Redis')
  t.equal(await world.redis.hget(`seats:${show.scheduleId}`, 'available'), '7')
})

t.test('a Redis that comes back with older entries (its last writes lost) is rewritten', async (t) => {
  const show = await createShow(world)
  const seats = show.seatIds.slice(4, 6)
  await world.service.app.inject({ method: 'GET', url: `/seats/${show.scheduleId}` })
  const key = `seats:${show.scheduleId}`
  const before = await world.redis.hmget(key, ...seats.map(String), 'available')
  const reserved = seatReserved(show, seats)
  await applyEvent(behindProxy, 'SeatReservedEvent', reserved)
  t.same(await cacheMismatches(world, show.scheduleId), [], 'the hold reached Redis')

  await cutRedis()
  // What an AOF missing its last second leaves: the entries as they were before the hold.
  await world.redis.hset(key, ...seats.flatMap((seatId, i) => [String(seatId), before[i]!]), 'available', before[2]!)
  t.match((await cacheMismatches(world, show.scheduleId)).join('\n'), /redis 0:AVAILABLE, mysql 1:HELD/)
  await proxy.restore()
  await converged(show.scheduleId)
})

t.test('a fill that read MySQL before a lost write and lands after the repair cannot leave a stale map', async (t) => {
  const { db } = world.service
  const show = await createShow(world)
  const key = `seats:${show.scheduleId}`
  const seatId = show.seatIds[0]!
  await world.redis.del(key)
  await cutRedis()
  await applyEvent(behindProxy, 'SeatReservedEvent', seatReserved(show, [seatId]))
  await proxy.restore()
  await waitFor(() => !service.seatCache.repair.stale, { what: 'the repair' })
  t.match(await world.redis.hget(key, String(seatId)), /^1:HELD:/, 'the repair wrote the seat into a map that was not cached')
  t.equal(await world.redis.hget(key, 'available'), null, 'without completing it')

  // The late fill: what another instance read before the hold, merged now.
  const held = await db.selectFrom('seat').selectAll().where('id', '=', seatId).executeTakeFirstOrThrow()
  await db.updateTable('seat').set({ status: 'AVAILABLE', reservation_id: null, version: 0 }).where('id', '=', seatId).execute()
  await world.service.seatCache.refresh(show.scheduleId)
  await db.updateTable('seat').set({ status: held.status, reservation_id: held.reservation_id, version: held.version }).where('id', '=', seatId).execute()
  t.same(await cacheMismatches(world, show.scheduleId), [], 'the newer seat stayed, the count agrees')
  t.equal(await world.redis.hget(key, 'available'), '9')
})
