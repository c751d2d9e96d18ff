import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { startIdentity, type TestUser } from '@concert/user-service/testing'
import { applyReservationPaid, reservationPaid, startReviewService } from '../testing.ts'

const identity = await startIdentity()
const service = await startReviewService(identity.jwksUrl)
const { app, db } = service
const redis = new Redis(process.env['REVIEW_REDIS_URL']!, { keyPrefix: 'review:' })
t.teardown(async () => {
  redis.disconnect()
  await app.close()
  await identity.close()
})

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString()

/** A fan with a paid reservation for a schedule of `performanceId` that ends at `scheduleEndsAt`. */
async function attendee(performanceId: string, scheduleEndsAt = hoursFromNow(-1)): Promise<TestUser> {
  const fan = await identity.signUp()
  await applyReservationPaid(service, reservationPaid({ userId: fan.userId, performanceId, scheduleEndsAt }))
  return fan
}

const post = (fan: TestUser, payload: unknown) =>
  app.inject({ method: 'POST', url: '/reviews', headers: fan.headers, payload: payload as Record<string, unknown> })

const reviewCount = async (performanceId: string) =>
  Number((await db.selectFrom('review').select(({ fn }) => fn.countAll().as('n')).where('performance_id', '=', performanceId).executeTakeFirstOrThrow()).n)

function isProblem(t: Test, response: Awaited<ReturnType<typeof app.inject>>, status: number, code: string | RegExp, name = code.toString()) {
  t.equal(response.statusCode, status, name)
  t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', `${name}: problem+json`)
  t.match(response.json(), { status, code, title: String, detail: String }, name)
}

t.test('an attendee reviews after the show; the list and the summary show it', async (t) => {
  const performanceId = randomUUID()
  const fan = await attendee(performanceId)
  const created = await post(fan, { performanceId, rating: 4, content: 'Goosebumps from the first chord. 최고!' })
  t.equal(created.statusCode, 201)
  const review = created.json()
  t.match(review, { reviewId: /^[0-9a-f-]{36}$/, performanceId, userId: fan.userId, rating: 4, content: 'Goosebumps from the first chord. 최고!' })
  t.ok(Date.parse(review.createdAt) <= Date.now())

  const row = await db.selectFrom('review').selectAll().where('id', '=', review.reviewId).executeTakeFirstOrThrow()
  t.match(row, { user_id: fan.userId, performance_id: performanceId, rating: 4, content: review.content })
  t.equal(row.created_at.toISOString(), review.createdAt)

  const list = await app.inject({ method: 'GET', url: `/reviews/${performanceId}` })
  t.equal(list.statusCode, 200)
  t.same(list.json(), {
    performanceId,
    averageRating: 4,
    count: 1,
    items: [{ reviewId: review.reviewId, userId: fan.userId, rating: 4, content: review.content, createdAt: review.createdAt }],
    page: 1,
    size: 20,
    total: 1,
  })
})

t.test('a fan without a paid reservation gets 403 NOT_ATTENDED', async (t) => {
  const performanceId = randomUUID()
  const stranger = await identity.signUp()
  isProblem(t, await post(stranger, { performanceId, rating: 5, content: 'heard it was great' }), 403, 'NOT_ATTENDED')
  const otherShowFan = await attendee(randomUUID())
  isProblem(t, await post(otherShowFan, { performanceId, rating: 5, content: 'wrong show' }), 403, 'NOT_ATTENDED', 'attended another performance')
  t.equal(await reviewCount(performanceId), 0)
})

t.test('an attendee cannot review before the show has ended', async (t) => {
  const performanceId = randomUUID()
  const fan = await attendee(performanceId, hoursFromNow(2))
  const response = await post(fan, { performanceId, rating: 5, content: 'cannot wait' })
  isProblem(t, response, 403, 'NOT_ATTENDED')
  t.match(response.json().detail, /once your show has ended/)
  t.equal(await reviewCount(performanceId), 0)
})

t.test('one review per fan and performance: the second is 409 ALREADY_REVIEWED', async (t) => {
  const performanceId = randomUUID()
  const fan = await attendee(performanceId)
  await applyReservationPaid(service, reservationPaid({ userId: fan.userId, performanceId }))
  t.equal((await post(fan, { performanceId, rating: 5, content: 'first' })).statusCode, 201)
  isProblem(t, await post(fan, { performanceId, rating: 1, content: 'changed my mind' }), 409, 'ALREADY_REVIEWED')
  const rows = await db.selectFrom('review').select(['rating', 'content']).where('performance_id', '=', performanceId).execute()
  t.same(rows, [{ rating: 5, content: 'first' }], 'the first review stands')
})

t.test('a double submit at the same moment writes one review', async (t) => {
  const performanceId = randomUUID()
  const fan = await attendee(performanceId)
  const responses = await Promise.all([1, 2, 3].map((n) => post(fan, { performanceId, rating: n, content: `attempt ${n}` })))
  t.same(responses.map((response) => response.statusCode).sort(), [201, 409, 409])
  t.equal(await reviewCount(performanceId), 1)
})

t.test('reviewing needs a valid bearer token', async (t) => {
  const performanceId = randomUUID()
  const payload = { performanceId, rating: 5, content: 'anonymous' }
  isProblem(t, await app.inject({ method: 'POST', url: '/reviews', payload }), 401, 'UNAUTHENTICATED', 'no token')
  isProblem(t, await app.inject({ method: 'POST', url: '/reviews', headers: { authorization: 'Bearer not-a-jwt' }, payload }), 401, 'UNAUTHENTICATED', 'garbage token')
  t.equal(await reviewCount(performanceId), 0)
})

t.test('bad input is a 400 problem and writes nothing', async (t) => {
  const performanceId = randomUUID()
  const fan = await attendee(performanceId)
  const valid = { performanceId, rating: 4, content: 'fine' }
  const cases: Array<[string, unknown]> = [
    ['rating 0', { ...valid, rating: 0 }],
    ['rating 6', { ...valid, rating: 6 }],
    ['rating 3.5', { ...valid, rating: 3.5 }],
    ['rating as a string', { ...valid, rating: '5' }],
    ['rating null', { ...valid, rating: null }],
    ['missing rating', { performanceId, content: 'fine' }],
    ['empty content', { ...valid, content: '' }],
    ['blank content', { ...valid, content: '   \n ' }],
    ['2001-char content', { ...valid, content: 'x'.repeat(2001) }],
    ['content not a string', { ...valid, content: 42 }],
    ['performanceId not a uuid', { ...valid, performanceId: 'abc' }],
    ['extra field', { ...valid, userId: fan.userId }],
    ['array body', [valid]],
  ]
  for (const [name, payload] of cases) {
    const response = await app.inject({ method: 'POST', url: '/reviews', headers: { ...fan.headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) })
    isProblem(t, response, 400, 'VALIDATION_FAILED', name)
    t.notMatch(JSON.stringify(response.json()), /stack|\.ts:|SELECT|INSERT/i, `${name}: nothing internal leaks`)
  }
  const malformed = await app.inject({ method: 'POST', url: '/reviews', headers: { ...fan.headers, 'content-type': 'application/json' }, payload: '{"performanceId": ' })
  isProblem(t, malformed, 400, 'MALFORMED_JSON')
  t.equal(await reviewCount(performanceId), 0)

  const emoji = await post(fan, { ...valid, content: '🎸'.repeat(2000) })
  t.equal(emoji.statusCode, 201, '2000 characters is the limit, counted as characters, not bytes')
  t.equal((await db.selectFrom('review').select('content').where('id', '=', emoji.json().reviewId).executeTakeFirstOrThrow()).content, '🎸'.repeat(2000))
})

t.test('listing: newest first, paginated, averages rounded to 2 decimals', async (t) => {
  const performanceId = randomUUID()
  const ratings = [5, 4, 4]
  const written: string[] = []
  for (const rating of ratings) {
    const response = await post(await attendee(performanceId), { performanceId, rating, content: `rated ${rating}` })
    written.push(response.json().reviewId)
  }
  const first = (await app.inject({ method: 'GET', url: `/reviews/${performanceId}?page=1&size=2` })).json()
  t.match(first, { performanceId, averageRating: 4.33, count: 3, page: 1, size: 2, total: 3 })
  t.same(first.items.map((item: { reviewId: string }) => item.reviewId), [written[2], written[1]])
  const second = (await app.inject({ method: 'GET', url: `/reviews/${performanceId}?page=2&size=2` })).json()
  t.same(second.items.map((item: { reviewId: string }) => item.reviewId), [written[0]])
  const beyond = (await app.inject({ method: 'GET', url: `/reviews/${performanceId}?page=3&size=2` })).json()
  t.match(beyond, { items: [], total: 3, averageRating: 4.33 })
})

t.test('a performance without reviews has averageRating null and count 0', async (t) => {
  const performanceId = randomUUID()
  const response = await app.inject({ method: 'GET', url: `/reviews/${performanceId}` })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { performanceId, averageRating: null, count: 0, items: [], page: 1, size: 20, total: 0 })
})

t.test('the summary is cached in Redis and rebuilt from MySQL when missing', async (t) => {
  const performanceId = randomUUID()
  await post(await attendee(performanceId), { performanceId, rating: 2, content: 'too loud' })
  await post(await attendee(performanceId), { performanceId, rating: 5, content: 'perfect' })
  t.same(JSON.parse((await redis.get(`summary:${performanceId}`))!), { count: 2, sum: 7 }, 'refreshed after each review')

  await redis.del(`summary:${performanceId}`)
  const rebuilt = (await app.inject({ method: 'GET', url: `/reviews/${performanceId}` })).json()
  t.match(rebuilt, { averageRating: 3.5, count: 2, total: 2 })
  t.same(JSON.parse((await redis.get(`summary:${performanceId}`))!), { count: 2, sum: 7 }, 'cached again')

  await redis.set(`summary:${performanceId}`, 'not json')
  t.match((await app.inject({ method: 'GET', url: `/reviews/${performanceId}` })).json(), { averageRating: 3.5, count: 2 }, 'a corrupt entry is a miss')
})

t.test('bad list queries are 400 problems', async (t) => {
  isProblem(t, await app.inject({ method: 'GET', url: '/reviews/not-a-uuid' }), 400, 'VALIDATION_FAILED', 'bad id')
  isProblem(t, await app.inject({ method: 'GET', url: `/reviews/${randomUUID()}?size=101` }), 400, 'VALIDATION_FAILED', 'size too big')
  isProblem(t, await app.inject({ method: 'GET', url: `/reviews/${randomUUID()}?page=0` }), 400, 'VALIDATION_FAILED', 'page 0')
  isProblem(t, await app.inject({ method: 'GET', url: `/reviews/${randomUUID()}?sort=rating` }), 400, 'VALIDATION_FAILED', 'unknown query')
})

t.test('the OpenAPI document describes both endpoints', async (t) => {
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json()
  t.ok(doc.paths['/reviews']?.post, 'POST /reviews')
  t.ok(doc.paths['/reviews/{performanceId}']?.get, 'GET /reviews/{performanceId}')
  t.ok(doc.paths['/reviews'].post.responses['403'] && doc.paths['/reviews'].post.responses['409'])
})

t.test('without Redis, reviews are written and summaries served from MySQL', async (t) => {
  const degraded = await startReviewService(identity.jwksUrl, { REDIS_URL: 'redis://127.0.0.1:1' })
  t.teardown(() => degraded.app.close())
  const performanceId = randomUUID()
  const fan = await attendee(performanceId)
  const created = await degraded.app.inject({ method: 'POST', url: '/reviews', headers: fan.headers, payload: { performanceId, rating: 3, content: 'cache-free' } })
  t.equal(created.statusCode, 201)
  t.match((await degraded.app.inject({ method: 'GET', url: `/reviews/${performanceId}` })).json(), { averageRating: 3, count: 1, total: 1 })
  const ready = await degraded.app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(ready.statusCode, 200)
  t.match(ready.json(), { status: 'degraded', checks: { mysql: { status: 'up' }, redis: { status: 'degraded' } } })
})
