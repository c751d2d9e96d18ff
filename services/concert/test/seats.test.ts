import { randomUUID } from 'node:crypto'
import t from 'tap'
import { startConcertService } from '../testing.ts'
import { applyEvent, cacheMismatches, createShow, seatReserved, startWorld } from './helpers.ts'

const world = await startWorld(t)
const { app, db, seatCache } = world.service

const seatsOf = async (scheduleId: string, query = '') => {
  const response = await app.inject({ method: 'GET', url: `/seats/${scheduleId}${query}` })
  t.equal(response.statusCode, 200)
  return response.json()
}

t.test('GET /seats lists every seat with its status, and filters by status', async (t) => {
  const show = await createShow(world)
  const held = show.seatIds.slice(0, 2)
  t.match(await applyEvent(world, 'SeatReservedEvent', seatReserved(show, held)), { outcome: 'applied' })

  const body = await seatsOf(show.scheduleId)
  t.equal(body.scheduleId, show.scheduleId)
  t.equal(body.items.length, 10)
  t.same(body.items[0], { seatId: show.seatIds[0], section: 'VIP', row: 1, number: 1, grade: 'VIP', price: 150_000, status: 'HELD' })
  t.same(body.items[9], { seatId: show.seatIds[9], section: 'A', row: 2, number: 3, grade: 'R', price: 90_000, status: 'AVAILABLE' })
  t.same(body.items.map((seat: { seatId: number }) => seat.seatId), show.seatIds, 'in layout order')

  const available = await seatsOf(show.scheduleId, '?status=AVAILABLE')
  t.same(available.items.map((seat: { seatId: number }) => seat.seatId), show.seatIds.slice(2))
  t.same((await seatsOf(show.scheduleId, '?status=HELD')).items.map((seat: { seatId: number }) => seat.seatId), held)
  t.same((await seatsOf(show.scheduleId, '?status=SOLD')).items, [])
})

t.test('GET /seats errors: unknown schedule 404, malformed id or filter 400', async (t) => {
  const unknown = await app.inject({ method: 'GET', url: `/seats/${randomUUID()}` })
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().code, 'NOT_FOUND')
  t.equal(unknown.headers['content-type'], 'application/problem+json; charset=utf-8')
  for (const url of ['/seats/123', `/seats/${randomUUID()}?status=FREE`, `/seats/${randomUUID()}?status=available`, `/seats/${randomUUID()}?limit=5`]) {
    const response = await app.inject({ method: 'GET', url })
    t.equal(response.statusCode, 400, url)
    t.equal(response.json().code, 'VALIDATION_FAILED', url)
  }
})

t.test('reads come from the Redis seat map', async (t) => {
  const show = await createShow(world)
  const seatId = show.seatIds[0]!
  // Change MySQL behind the cache's back: a read that still shows the cached status came from Redis.
  await db.updateTable('seat').set({ status: 'SOLD' }).where('id', '=', seatId).execute()
  t.equal((await seatsOf(show.scheduleId)).items[0].status, 'AVAILABLE', 'served from the cache')
  await db.updateTable('seat').set({ status: 'AVAILABLE' }).where('id', '=', seatId).execute()
  t.same(await cacheMismatches(world, show.scheduleId), [])
})

t.test('a cold seat map is served from MySQL and filled', async (t) => {
  const show = await createShow(world)
  await applyEvent(world, 'SeatReservedEvent', seatReserved(show, [show.seatIds[3]!]))
  await world.redis.del(`seats:${show.scheduleId}`)
  const body = await seatsOf(show.scheduleId)
  t.equal(body.items[3].status, 'HELD')
  t.same(await cacheMismatches(world, show.scheduleId), [], 'filled from MySQL')
  t.equal(await world.redis.hget(`seats:${show.scheduleId}`, 'available'), '9')
  t.ok(await world.redis.ttl(`seats:${show.scheduleId}`) > 0, 'idle maps expire')
})

t.test('refreshes converge whatever their order', async (t) => {
  const show = await createShow(world)
  const key = `seats:${show.scheduleId}`
  const seatId = show.seatIds[0]!
  await applyEvent(world, 'SeatReservedEvent', seatReserved(show, [seatId]))
  const held = await db.selectFrom('seat').selectAll().where('id', '=', seatId).executeTakeFirstOrThrow()
  t.equal(held.version, 1)

  // A refresh that read MySQL before the hold committed arrives last: it must not win.
  await db.updateTable('seat').set({ status: 'AVAILABLE', reservation_id: null, version: 0 }).where('id', '=', seatId).execute()
  await seatCache.refresh(show.scheduleId, [seatId])
  t.match(await world.redis.hget(key, String(seatId)), /^1:HELD:/, 'the newer version stays')
  t.equal(await world.redis.hget(key, 'available'), '9', 'and the count with it')
  await db.updateTable('seat').set({ status: held.status, reservation_id: held.reservation_id, version: held.version }).where('id', '=', seatId).execute()
  t.same(await cacheMismatches(world, show.scheduleId), [])

  // A refresh on a cold map writes its seats but does not mark the map complete; the next read fills the rest.
  await world.redis.del(key)
  await seatCache.refresh(show.scheduleId, [seatId])
  t.equal(await world.redis.hget(key, 'available'), null, 'not complete')
  t.equal((await seatsOf(show.scheduleId)).items[0].status, 'HELD')
  t.same(await cacheMismatches(world, show.scheduleId), [], 'filled around the seat already there')
})

t.test('GET /schedules counts come from the seat map when cached, else MySQL', async (t) => {
  const show = await createShow(world)
  await applyEvent(world, 'SeatReservedEvent', seatReserved(show, show.seatIds.slice(0, 3)))
  const listed = async () => (await app.inject({ method: 'GET', url: `/schedules/${show.performanceId}` })).json().items[0].availableSeats
  t.equal(await listed(), 7)
  await world.redis.del(`seats:${show.scheduleId}`)
  t.equal(await listed(), 7, 'from seat_availability when the map is cold')
})

t.test('with Redis unreachable the service answers from MySQL and says it is degraded', async (t) => {
  const show = await createShow(world)
  await applyEvent(world, 'SeatReservedEvent', seatReserved(show, [show.seatIds[1]!]))
  const offline = await startConcertService(world.identity.jwksUrl, { REDIS_URL: 'redis://127.0.0.1:1' })
  t.teardown(() => offline.app.close())

  const seats = await offline.app.inject({ method: 'GET', url: `/seats/${show.scheduleId}` })
  t.equal(seats.statusCode, 200)
  t.same(seats.json(), await seatsOf(show.scheduleId), 'the same answer as from the cache')
  const filtered = await offline.app.inject({ method: 'GET', url: `/seats/${show.scheduleId}?status=HELD` })
  t.same(filtered.json().items.map((seat: { seatId: number }) => seat.seatId), [show.seatIds[1]])
  const unknown = await offline.app.inject({ method: 'GET', url: `/seats/${randomUUID()}` })
  t.equal(unknown.statusCode, 404)

  const schedules = await offline.app.inject({ method: 'GET', url: `/schedules/${show.performanceId}` })
  t.equal(schedules.statusCode, 200)
  t.equal(schedules.json().items[0].availableSeats, 9)

  // Admin writes still work; the cache is simply not written.
  const created = await offline.app.inject({
    method: 'POST',
    url: `/performances/${show.performanceId}/schedules`,
    headers: world.admin.headers,
    payload: { startsAt: '2030-01-01T19:00:00Z', endsAt: '2030-01-01T21:00:00Z', bookingOpensAt: '2029-12-01T00:00:00Z' },
  })
  t.equal(created.statusCode, 201)

  const ready = await offline.app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(ready.statusCode, 200)
  t.match(ready.json(), { status: 'degraded', checks: { mysql: { status: 'up' }, redis: { status: 'degraded' } } })
})
