/**
 * The rating summaries converge to MySQL after Redis comes back, with no new review to trigger it:
 * review-service runs here with its Redis behind a TCP proxy the test cuts like an outage (its
 * repair job started, as in production); what Redis really holds is read straight from it.
 */
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { Redis } from 'ioredis'
import { startTcpProxy, waitFor } from '@concert/outbox/testing'
import { startIdentity, type TestUser } from '@concert/user-service/testing'
import { applyReservationPaid, reservationPaid, startReviewService } from '../testing.ts'

const proxy = await startTcpProxy({ host: process.env['REDIS_HOST'] ?? '127.0.0.1', port: Number(process.env['REDIS_PORT'] ?? 6380) })
const url = new URL(String(process.env['REVIEW_REDIS_URL']))
url.host = `127.0.0.1:${proxy.port}`
const identity = await startIdentity()
const service = await startReviewService(identity.jwksUrl, { REDIS_URL: url.toString() })
await service.start!()
const redis = new Redis(process.env['REVIEW_REDIS_URL']!, { keyPrefix: 'review:' })
t.teardown(async () => {
  redis.disconnect()
  await service.app.close()
  await identity.close()
  await proxy.close()
})
await waitFor(() => !service.summaries.repair.stale, { what: 'the start-up repair' })

async function review(performanceId: string, rating: number): Promise<void> {
  const fan: TestUser = await identity.signUp()
  await applyReservationPaid(service, reservationPaid({ userId: fan.userId, performanceId, scheduleEndsAt: new Date(Date.now() - 3_600_000).toISOString() }))
  const created = await service.app.inject({ method: 'POST', url: '/reviews', headers: fan.headers, payload: { performanceId, rating, content: 'fine' } })
  if (created.statusCode !== 201) throw new Error(`review: ${created.body}`)
}

const cached = async (performanceId: string) => JSON.parse((await redis.get(`summary:${performanceId}`)) ?? 'null')

t.test('a review written while Redis is unreachable reaches the summary once it is back', async (t) => {
  const performanceId = randomUUID()
  await review(performanceId, 4)
  t.same(await cached(performanceId), { count: 1, sum: 4 })

  await proxy.cut()
  await waitFor(async () => (await service.app.inject({ method: 'GET', url: '/health/ready' })).json().checks.redis.status === 'degraded')
  await review(performanceId, 2)
  t.same(await cached(performanceId), { count: 1, sum: 4 }, 'the cache missed the review')

  await proxy.restore()
  await waitFor(async () => (await cached(performanceId))?.count === 2 && !service.summaries.repair.stale, { what: 'the summary to equal MySQL', timeoutMs: 15_000 })
  t.same(await cached(performanceId), { count: 2, sum: 6 })
})

t.test('totals counting fewer reviews than the cached ones never replace them (a refresh that read MySQL earlier and lands later)', async (t) => {
  const performanceId = randomUUID()
  await review(performanceId, 5)
  await review(performanceId, 3)
  // As if a third review had been written and its refresh landed first.
  await redis.set(`summary:${performanceId}`, JSON.stringify({ count: 3, sum: 9 }))
  t.same(await service.summaries.refresh(performanceId), { count: 2, sum: 8 }, 'MySQL had two reviews when this refresh read')
  t.same(await cached(performanceId), { count: 3, sum: 9 }, 'the later totals stay')
  await redis.set(`summary:${performanceId}`, JSON.stringify({ count: 1, sum: 5 }))
  await service.summaries.refresh(performanceId)
  t.same(await cached(performanceId), { count: 2, sum: 8 }, 'older totals are replaced')
})
