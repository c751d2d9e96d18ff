/**
 * The seat map through the gateway as a frontend reads it: a hold shows HELD in GET /seats the moment
 * POST /reservations answers 201 (order-service's hold board, before the saga reaches concert), and the
 * compact map's ETag, 304, Content-Encoding and Cache-Control pass through the gateway.
 */
import t from 'tap'
import { startSystem } from '../src/fixture.ts'

const sys = await startSystem(t, { label: 'seat-map' })
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${sys.api.baseUrl}${path}`, { headers })

t.test('a hold is in GET /seats and /status as soon as POST /reservations answers 201', async (t) => {
  const show = await sys.admin.createShow()
  const fan = await sys.api.signUp('quick')
  const token = await fan.admitted(show.performanceId)
  const seatIds = [show.seats[3]!.seatId, show.seats[4]!.seatId]
  const created = await fan.reserve(show.scheduleId, seatIds, token.admissionToken)
  // No waiting: the next read already shows the hold.
  const seats = (await (await get(`/seats/${show.scheduleId}`)).json()) as { items: Array<{ seatId: number; status: string }> }
  t.same(seats.items.filter((s) => seatIds.includes(s.seatId)).map((s) => s.status), ['HELD', 'HELD'], 'GET /seats shows both seats HELD')
  t.equal(seats.items.filter((s) => s.status === 'AVAILABLE').length, show.seats.length - 2, 'the others AVAILABLE')
  const status = (await (await get(`/seats/${show.scheduleId}/status`)).json()) as { seats: string; held: number }
  t.equal(status.seats.slice(3, 5), 'HH', '/status shows them H at their layout positions')
  await fan.waitReservation(created.reservationId, 'HELD')
  await sys.settle(t)
})

t.test('through the gateway: ETag and 304, gzip and br, the layout cacheable', async (t) => {
  const show = await sys.admin.createShow()
  const url = `/seats/${show.scheduleId}/status`
  const first = await get(url, { 'accept-encoding': 'gzip' })
  t.equal(first.status, 200)
  t.equal(first.headers.get('content-encoding'), 'gzip', 'Content-Encoding passes through')
  const etag = first.headers.get('etag')!
  t.match(etag, /^"[\w-]+"$/, 'ETag passes through')
  t.match(await first.json(), { seats: 'A'.repeat(show.seats.length) }, 'the body decodes')
  const again = await get(url, { 'accept-encoding': 'gzip', 'if-none-match': etag })
  t.equal(again.status, 304, 'If-None-Match passes upstream and 304 comes back')
  t.equal(again.headers.get('etag'), etag)
  t.equal((await get(url, { 'accept-encoding': 'br' })).headers.get('content-encoding'), 'br')

  const layout = await get(`/seats/${show.scheduleId}/layout`, { 'accept-encoding': 'gzip' })
  t.equal(layout.status, 200)
  t.equal(layout.headers.get('cache-control'), 'public, max-age=86400', 'Cache-Control passes through')
  t.match(await layout.json(), { totalSeats: show.seats.length })
  t.equal((await get(`/seats/${show.scheduleId}/layout`, { 'if-none-match': layout.headers.get('etag')! })).status, 304)
})
