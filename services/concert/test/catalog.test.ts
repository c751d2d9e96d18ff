import { randomUUID } from 'node:crypto'
import t from 'tap'
import { SMALL_HALL, availability, cacheMismatches, createShow, startWorld } from './helpers.ts'

const world = await startWorld(t)
const { app, db } = world.service
const admin = world.admin.headers

const PROBLEM = 'application/problem+json; charset=utf-8'
const venueBody = (fields: Record<string, unknown> = {}) => ({ name: `Hall ${randomUUID()}`, address: '424 Olympic-ro, Seoul', sections: SMALL_HALL, ...fields })
const venuesNamed = async (name: string) => (await db.selectFrom('venue').select('id').where('name', '=', name).execute()).length
const performancesTitled = async (title: string) => (await db.selectFrom('performance').select('id').where('title', '=', title).execute()).length

t.test('POST /venues creates a venue with its layout', async (t) => {
  const body = venueBody()
  const response = await app.inject({ method: 'POST', url: '/venues', headers: admin, payload: body })
  t.equal(response.statusCode, 201)
  t.same(response.json(), { venueId: response.json().venueId, name: body.name, address: body.address, sections: SMALL_HALL, totalSeats: 10 })
  const row = await db.selectFrom('venue').selectAll().where('id', '=', response.json().venueId).executeTakeFirstOrThrow()
  t.equal(row.name, body.name)
  t.same(typeof row.sections === 'string' ? JSON.parse(row.sections) : row.sections, SMALL_HALL, 'the layout is stored as given')
})

t.test('admin endpoints: no token → 401, a fan → 403, nothing created', async (t) => {
  const show = await createShow(world)
  const requests = [
    { method: 'POST', url: '/venues', payload: venueBody() },
    { method: 'POST', url: '/performances', payload: { title: `t-${randomUUID()}`, description: '', venueId: show.venueId } },
    { method: 'POST', url: `/performances/${show.performanceId}/schedules`, payload: { startsAt: '2030-01-01T19:00:00Z', endsAt: '2030-01-01T21:00:00Z', bookingOpensAt: '2030-01-01T00:00:00Z' } },
  ] as const
  for (const request of requests) {
    const anonymous = await app.inject({ ...request })
    t.equal(anonymous.statusCode, 401, `${request.url} anonymous`)
    t.equal(anonymous.json().code, 'UNAUTHENTICATED')
    const fan = await app.inject({ ...request, headers: world.fan.headers })
    t.equal(fan.statusCode, 403, `${request.url} as a fan`)
    t.equal(fan.json().code, 'FORBIDDEN')
    const forged = await app.inject({ ...request, headers: { authorization: 'Bearer not.a.token' } })
    t.equal(forged.statusCode, 401, `${request.url} with a bad token`)
  }
  t.equal(await venuesNamed(requests[0].payload.name), 0)
  t.equal(await performancesTitled(requests[1].payload.title), 0)
  const schedules = await db.selectFrom('schedule').select('id').where('performance_id', '=', show.performanceId).execute()
  t.equal(schedules.length, 1, 'only the schedule the admin created')
})

t.test('bad venues are 400 problems and create nothing', async (t) => {
  const name = `Bad ${randomUUID()}`
  const section = SMALL_HALL[0]!
  const cases: Array<[string, unknown]> = [
    ['missing sections', { name, address: 'x' }],
    ['extra field', { ...venueBody({ name }), capacity: 10 }],
    ['extra section field', venueBody({ name, sections: [{ ...section, color: 'red' }] })],
    ['no sections', venueBody({ name, sections: [] })],
    ['51 sections', venueBody({ name, sections: Array.from({ length: 51 }, (_, i) => ({ ...section, name: `S${i}`, rows: 1, seatsPerRow: 1 })) })],
    ['0 rows', venueBody({ name, sections: [{ ...section, rows: 0 }] })],
    ['101 rows', venueBody({ name, sections: [{ ...section, rows: 101 }] })],
    ['101 seats per row', venueBody({ name, sections: [{ ...section, seatsPerRow: 101 }] })],
    ['fractional rows', venueBody({ name, sections: [{ ...section, rows: 1.5 }] })],
    ['rows as a string', venueBody({ name, sections: [{ ...section, rows: '2' }] })],
    ['negative price', venueBody({ name, sections: [{ ...section, price: -1 }] })],
    ['price over 10,000,000', venueBody({ name, sections: [{ ...section, price: 10_000_001 }] })],
    ['long grade', venueBody({ name, sections: [{ ...section, grade: 'G'.repeat(21) }] })],
    ['blank section name', venueBody({ name, sections: [{ ...section, name: ' ' }] })],
    ['padded section name', venueBody({ name, sections: [{ ...section, name: 'A ' }] })],
    ['duplicate section names', venueBody({ name, sections: [section, { ...section }] })],
    ['more than 20,000 seats', venueBody({ name, sections: [1, 2, 3].map((i) => ({ ...section, name: `S${i}`, rows: 100, seatsPerRow: 70 })) })],
    ['oversize name', venueBody({ name: 'N'.repeat(201) })],
    ['empty address', venueBody({ name, address: '' })],
    ['array body', [venueBody({ name })]],
  ]
  for (const [label, payload] of cases) {
    const response = await app.inject({ method: 'POST', url: '/venues', headers: admin, payload: payload as object })
    t.equal(response.statusCode, 400, label)
    t.equal(response.headers['content-type'], PROBLEM, `${label}: problem+json`)
    t.equal(response.json().code, 'VALIDATION_FAILED', label)
  }
  const malformed = await app.inject({ method: 'POST', url: '/venues', headers: { ...admin, 'content-type': 'application/json' }, payload: '{"name": ' })
  t.equal(malformed.statusCode, 400)
  t.equal(malformed.json().code, 'MALFORMED_JSON')
  const text = await app.inject({ method: 'POST', url: '/venues', headers: { ...admin, 'content-type': 'text/plain' }, payload: 'hello' })
  t.equal(text.statusCode, 415)
  const huge = await app.inject({ method: 'POST', url: '/venues', headers: admin, payload: venueBody({ name, address: 'x'.repeat(100_000) }) })
  t.equal(huge.statusCode, 413)
  t.equal(await venuesNamed(name), 0, 'no venue was created by any bad request')
})

t.test('POST /performances: 201 with its venue; unknown venue 422; bad input 400', async (t) => {
  const venue = (await app.inject({ method: 'POST', url: '/venues', headers: admin, payload: venueBody() })).json()
  const title = `Tour ${randomUUID()}`
  const created = await app.inject({ method: 'POST', url: '/performances', headers: admin, payload: { title, description: 'Two nights only', venueId: venue.venueId } })
  t.equal(created.statusCode, 201)
  t.same(created.json(), {
    performanceId: created.json().performanceId,
    title,
    description: 'Two nights only',
    venue: { venueId: venue.venueId, name: venue.name, address: venue.address },
    createdAt: created.json().createdAt,
  })
  t.ok(Date.parse(created.json().createdAt))
  t.equal(await performancesTitled(title), 1)

  const badTitle = `Bad ${randomUUID()}`
  const unknown = await app.inject({ method: 'POST', url: '/performances', headers: admin, payload: { title: badTitle, description: '', venueId: randomUUID() } })
  t.equal(unknown.statusCode, 422)
  t.equal(unknown.json().code, 'VENUE_NOT_FOUND')
  for (const [label, payload] of [
    ['missing venueId', { title: badTitle, description: '' }],
    ['venueId not a uuid', { title: badTitle, description: '', venueId: 'venue-1' }],
    ['empty title', { title: '', description: '', venueId: venue.venueId }],
    ['oversize description', { title: badTitle, description: 'd'.repeat(5001), venueId: venue.venueId }],
    ['description as a number', { title: badTitle, description: 5, venueId: venue.venueId }],
    ['extra field', { title: badTitle, description: '', venueId: venue.venueId, price: 1 }],
  ] as const) {
    const response = await app.inject({ method: 'POST', url: '/performances', headers: admin, payload })
    t.equal(response.statusCode, 400, label)
    t.equal(response.json().code, 'VALIDATION_FAILED', label)
  }
  t.equal(await performancesTitled(badTitle), 0)
})

t.test('GET /performances pages newest first, with venues', async (t) => {
  const first = await createShow(world)
  const second = await createShow(world)
  const page1 = await app.inject({ method: 'GET', url: '/performances?page=1&size=2' })
  t.equal(page1.statusCode, 200)
  const body = page1.json()
  t.match(body, { page: 1, size: 2, total: Number })
  t.ok(body.total >= 2)
  // Other suites may create performances concurrently, so look for ours on the first pages.
  const all = []
  for (let page = 1; page <= 3; page++) all.push(...(await app.inject({ method: 'GET', url: `/performances?page=${page}&size=100` })).json().items)
  const ids = all.map((item: { performanceId: string }) => item.performanceId)
  t.ok(ids.indexOf(second.performanceId) < ids.indexOf(first.performanceId), 'newer first')
  t.match(all.find((item: { performanceId: string }) => item.performanceId === first.performanceId), { venue: { venueId: first.venueId, name: /^Hall /, address: 'Seoul' } })
  t.equal(new Set(ids).size, ids.length, 'pages do not overlap')
  const defaults = await app.inject({ method: 'GET', url: '/performances' })
  t.match(defaults.json(), { page: 1, size: 20 })
  for (const query of ['page=0', 'size=101', 'size=abc', 'page=1.5', 'sort=title']) {
    const response = await app.inject({ method: 'GET', url: `/performances?${query}` })
    t.equal(response.statusCode, 400, query)
    t.equal(response.json().code, 'VALIDATION_FAILED', query)
  }
})

t.test('POST /performances/{id}/schedules creates every seat and the availability row', async (t) => {
  const show = await createShow(world)
  const response = await app.inject({
    method: 'POST',
    url: `/performances/${show.performanceId}/schedules`,
    headers: admin,
    payload: { startsAt: '2030-06-01T10:00:00Z', endsAt: '2030-06-01T12:30:00.5Z', bookingOpensAt: '2030-05-01T00:00:00+09:00' },
  })
  t.equal(response.statusCode, 201)
  const { scheduleId } = response.json()
  t.same(response.json(), {
    scheduleId,
    performanceId: show.performanceId,
    startsAt: '2030-06-01T10:00:00.000Z',
    endsAt: '2030-06-01T12:30:00.500Z',
    bookingOpensAt: '2030-04-30T15:00:00.000Z',
    totalSeats: 10,
    availableSeats: 10,
  })
  const seats = await db.selectFrom('seat').selectAll().where('schedule_id', '=', scheduleId).orderBy('id').execute()
  t.equal(seats.length, 10)
  t.same(seats.slice(0, 5).map((seat) => [seat.section, seat.row_no, seat.number, seat.grade, seat.price, seat.status, seat.version, seat.reservation_id]), [
    ['VIP', 1, 1, 'VIP', 150_000, 'AVAILABLE', 0, null],
    ['VIP', 1, 2, 'VIP', 150_000, 'AVAILABLE', 0, null],
    ['VIP', 1, 3, 'VIP', 150_000, 'AVAILABLE', 0, null],
    ['VIP', 1, 4, 'VIP', 150_000, 'AVAILABLE', 0, null],
    ['A', 1, 1, 'R', 90_000, 'AVAILABLE', 0, null],
  ])
  t.match(await availability(world, scheduleId), { total_seats: 10, available_seats: 10 })
  t.same(await cacheMismatches(world, scheduleId), [], 'the seat map is cached at creation')
})

t.test('a 20,000-seat venue gets all its seats in one schedule', async (t) => {
  const show = await createShow(world, { sections: [
    { name: 'Floor', rows: 100, seatsPerRow: 100, grade: 'R', price: 99_000 },
    { name: 'Stand', rows: 100, seatsPerRow: 100, grade: 'S', price: 77_000 },
  ] })
  t.equal(show.seatIds.length, 20_000)
  t.match(await availability(world, show.scheduleId), { total_seats: 20_000, available_seats: 20_000 })
  const perSection = await db.selectFrom('seat').select(['section', (eb) => eb.fn.countAll<number>().as('n')]).where('schedule_id', '=', show.scheduleId).groupBy('section').orderBy('section').execute()
  t.same(perSection.map((row) => [row.section, Number(row.n)]), [['Floor', 10_000], ['Stand', 10_000]])
  t.same(await cacheMismatches(world, show.scheduleId), [])
})

t.test('schedule errors: bad times 400, unknown performance 404, bad input 400', async (t) => {
  const show = await createShow(world)
  const url = `/performances/${show.performanceId}/schedules`
  const times = { startsAt: '2030-06-01T10:00:00Z', endsAt: '2030-06-01T12:00:00Z', bookingOpensAt: '2030-05-01T00:00:00Z' }
  const cases: Array<[string, unknown]> = [
    ['ends before it starts', { ...times, endsAt: '2030-06-01T09:00:00Z' }],
    ['ends when it starts', { ...times, endsAt: times.startsAt }],
    ['booking opens after the start', { ...times, bookingOpensAt: '2030-06-01T10:00:01Z' }],
    ['year 1000', { ...times, bookingOpensAt: '1000-01-01T00:00:00Z' }],
    ['not a date', { ...times, startsAt: 'tomorrow' }],
    ['no time zone', { ...times, startsAt: '2030-06-01T10:00:00' }],
    ['missing endsAt', { startsAt: times.startsAt, bookingOpensAt: times.bookingOpensAt }],
    ['extra field', { ...times, venueId: show.venueId }],
    ['a number', { ...times, startsAt: 1_900_000_000_000 }],
  ]
  for (const [label, payload] of cases) {
    const response = await app.inject({ method: 'POST', url, headers: admin, payload: payload as object })
    t.equal(response.statusCode, 400, label)
    t.equal(response.json().code, 'VALIDATION_FAILED', label)
  }
  const unknown = await app.inject({ method: 'POST', url: `/performances/${randomUUID()}/schedules`, headers: admin, payload: times })
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().code, 'NOT_FOUND')
  const malformedId = await app.inject({ method: 'POST', url: '/performances/42/schedules', headers: admin, payload: times })
  t.equal(malformedId.statusCode, 400)
  const schedules = await db.selectFrom('schedule').select('id').where('performance_id', '=', show.performanceId).execute()
  t.equal(schedules.length, 1, 'no schedule was added by a bad request')
})

t.test('GET /schedules/{performanceId} lists the schedules that have not started, soonest first', async (t) => {
  const show = await createShow(world, { startsAt: new Date(Date.now() + 48 * 3_600_000) })
  const post = (startsAt: Date, bookingOpensAt: Date) => app.inject({
    method: 'POST',
    url: `/performances/${show.performanceId}/schedules`,
    headers: admin,
    payload: { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(), bookingOpensAt: bookingOpensAt.toISOString() },
  })
  const started = (await post(new Date(Date.now() - 60_000), new Date(Date.now() - 86_400_000))).json()
  const sooner = (await post(new Date(Date.now() + 3_600_000), new Date(Date.now() + 1_800_000))).json()
  const response = await app.inject({ method: 'GET', url: `/schedules/${show.performanceId}` })
  t.equal(response.statusCode, 200)
  const items = response.json().items
  t.same(items.map((item: { scheduleId: string }) => item.scheduleId), [sooner.scheduleId, show.scheduleId], 'started schedules are not bookable; not-yet-open ones are listed')
  t.same(items[1], {
    scheduleId: show.scheduleId,
    startsAt: show.startsAt.toISOString(),
    endsAt: show.endsAt.toISOString(),
    bookingOpensAt: items[1].bookingOpensAt,
    availableSeats: 10,
    totalSeats: 10,
  })
  t.notOk(items.some((item: { scheduleId: string }) => item.scheduleId === started.scheduleId))

  const unknown = await app.inject({ method: 'GET', url: `/schedules/${randomUUID()}` })
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().code, 'NOT_FOUND')
  const malformed = await app.inject({ method: 'GET', url: '/schedules/not-a-uuid' })
  t.equal(malformed.statusCode, 400)
  t.equal(malformed.json().code, 'VALIDATION_FAILED')
})

t.test('OpenAPI documents every endpoint', async (t) => {
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json()
  t.equal(doc.openapi, '3.1.0')
  for (const path of ['/performances', '/schedules/{performanceId}', '/seats/{scheduleId}', '/venues', '/performances/{performanceId}/schedules']) {
    t.ok(doc.paths[path], path)
  }
  t.ok(doc.paths['/venues'].post.requestBody, 'request bodies are described')
  t.ok(doc.paths['/seats/{scheduleId}'].get.responses['200'], 'responses are described')
})
