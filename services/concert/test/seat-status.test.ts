/**
 * The hold overlay and the compact seat map: a seat order-service's hold board lists shows HELD in
 * GET /seats and /status at once (read with concert's own Redis account, whose ACL allows reading
 * `order:board:*` only); /status and /layout answer ETag, 304 and gzip/br bodies.
 */
import { gunzipSync, brotliDecompressSync } from 'node:zlib'
import t from 'tap'
import { Redis } from 'ioredis'
import { applyEvent, createShow, seatReserved, startWorld } from './helpers.ts'
import { startConcertService } from '../testing.ts'

const world = await startWorld(t)
// A second instance that never reuses a status body, so every request sees the latest state.
const fresh = await startConcertService(world.identity.jwksUrl, { SEAT_STATUS_MAX_AGE_MS: '0' })
// order-service's own account writes the board, as services/order/db/hold-board.ts does.
const order = new Redis(String(process.env['ORDER_REDIS_URL']), { keyPrefix: 'order:' })
const concertRaw = new Redis(String(process.env['CONCERT_REDIS_URL']))
t.teardown(async () => {
  order.disconnect()
  concertRaw.disconnect()
  await fresh.app.close()
})

const seatsOf = async (scheduleId: string, query = '') => (await fresh.app.inject({ url: `/seats/${scheduleId}${query}` })).json().items as Array<{ seatId: number; status: string }>

t.test('a seat on the hold board shows HELD at once; an expired entry does not count', async (t) => {
  const show = await createShow(world)
  const [a, b, c] = show.seatIds as [number, number, number]
  await order.zadd(`board:${show.scheduleId}`, Date.now() + 60_000, String(a), Date.now() - 1, String(b))
  const seats = await seatsOf(show.scheduleId)
  t.equal(seats.find((s) => s.seatId === a)?.status, 'HELD', 'held on the board → HELD before concert heard of it')
  t.equal(seats.find((s) => s.seatId === b)?.status, 'AVAILABLE', 'expired board entry → AVAILABLE')
  t.equal(seats.filter((s) => s.status === 'AVAILABLE').length, show.seatIds.length - 1, 'only that seat taken')
  t.notOk((await seatsOf(show.scheduleId, '?status=AVAILABLE')).some((s) => s.seatId === a), '?status=AVAILABLE leaves it out')

  // Once concert holds and sells seats itself, its own status wins (SOLD stays SOLD).
  const reserved = seatReserved(show, [c])
  await applyEvent(world, 'SeatReservedEvent', reserved)
  await order.zadd(`board:${show.scheduleId}`, Date.now() + 60_000, String(c))
  t.equal((await seatsOf(show.scheduleId)).find((s) => s.seatId === c)?.status, 'HELD', 'HELD in concert and on the board → HELD')
})

t.test("concert's account may read the board but not write it, nor read other order keys", async (t) => {
  await t.rejects(concertRaw.zadd('order:board:x', 1, '1'), /NOPERM/, 'no write to order:board:*')
  await t.rejects(concertRaw.get('order:other'), /NOPERM/, 'no read of other order keys')
  t.same(await concertRaw.zrange('order:board:x', 0, -1), [], 'reads order:board:*')
})

t.test('GET /seats/{id}/status: one char per seat, ETag and 304, new ETag after a change, gzip and br', async (t) => {
  const show = await createShow(world)
  const url = `/seats/${show.scheduleId}/status`
  const first = await fresh.app.inject({ url })
  t.equal(first.statusCode, 200)
  const body = first.json()
  t.match(body, { scheduleId: show.scheduleId, version: String, available: 10, held: 0, sold: 0, seats: 'AAAAAAAAAA' })
  t.equal(first.headers['etag'], `"${body.version}"`, 'ETag is the version')
  t.equal(first.headers['cache-control'], 'no-cache')
  t.match(first.headers['vary'], /Accept-Encoding/)

  const same = await fresh.app.inject({ url, headers: { 'if-none-match': first.headers['etag'] as string } })
  t.equal(same.statusCode, 304, 'unchanged → 304')
  t.equal(same.body, '', '304 has no body')
  t.equal(same.headers['etag'], first.headers['etag'])

  await order.zadd(`board:${show.scheduleId}`, Date.now() + 60_000, String(show.seatIds[2]))
  const changed = await fresh.app.inject({ url, headers: { 'if-none-match': first.headers['etag'] as string } })
  t.equal(changed.statusCode, 200, 'a new hold → 200')
  t.match(changed.json(), { available: 9, held: 1, seats: 'AAHAAAAAAA' }, 'the hold is in the status at its layout position')
  t.not(changed.headers['etag'], first.headers['etag'], 'new ETag')

  const gzip = await fresh.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate' } })
  t.equal(gzip.headers['content-encoding'], 'gzip')
  t.same(JSON.parse(gunzipSync(gzip.rawPayload).toString()), changed.json(), 'gzip body decodes to the same status')
  const br = await fresh.app.inject({ url, headers: { 'accept-encoding': 'gzip;q=0.5, br' } })
  t.equal(br.headers['content-encoding'], 'br')
  t.same(JSON.parse(brotliDecompressSync(br.rawPayload).toString()), changed.json(), 'br body decodes to the same status')
  const none = await fresh.app.inject({ url, headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } })
  t.notOk(none.headers['content-encoding'], 'q=0 everywhere → identity')

  t.equal((await fresh.app.inject({ url: '/seats/00000000-0000-4000-8000-000000000000/status' })).statusCode, 404, 'unknown schedule → 404')
  t.equal((await fresh.app.inject({ url: '/seats/nope/status' })).statusCode, 400, 'bad id → 400')
})

t.test('a status body is shared for SEAT_STATUS_MAX_AGE_MS (default instance), then rebuilt', async (t) => {
  const show = await createShow(world)
  const url = `/seats/${show.scheduleId}/status`
  const before = await world.service.app.inject({ url })
  await order.zadd(`board:${show.scheduleId}`, Date.now() + 60_000, String(show.seatIds[0]))
  await new Promise((r) => setTimeout(r, 250))
  t.match((await world.service.app.inject({ url })).json(), { held: 1 }, 'after the max age the hold shows')
  t.equal(before.json().held, 0)
})

t.test('GET /seats/{id}/layout: sections, rows and seat-id runs matching the status positions; long-lived ETag', async (t) => {
  const show = await createShow(world)
  const url = `/seats/${show.scheduleId}/layout`
  const res = await fresh.app.inject({ url })
  t.equal(res.statusCode, 200)
  const layout = res.json()
  t.match(layout, {
    scheduleId: show.scheduleId,
    totalSeats: 10,
    sections: [
      { name: 'VIP', grade: 'VIP', price: 150_000, rows: [{ row: 1, seats: 4 }] },
      { name: 'A', grade: 'R', price: 90_000, rows: [{ row: 1, seats: 3 }, { row: 2, seats: 3 }] },
    ],
  })
  const ids = (layout.seatIds as Array<[number, number]>).flatMap(([first, n]) => Array.from({ length: n }, (_, i) => first + i))
  t.same(ids, show.seatIds, 'the runs expand to the seat ids in layout order')
  t.equal(res.headers['cache-control'], 'public, max-age=86400')
  t.equal(res.headers['etag'], `"layout-${layout.version}"`)
  t.equal((await fresh.app.inject({ url, headers: { 'if-none-match': `W/${res.headers['etag']}` } })).statusCode, 304, 'weak match → 304')
})

t.test('GET /seats keeps its exact shape', async (t) => {
  const show = await createShow(world)
  const seats = await seatsOf(show.scheduleId)
  t.same(Object.keys(seats[0]!).sort(), ['grade', 'number', 'price', 'row', 'seatId', 'section', 'status'])
})
