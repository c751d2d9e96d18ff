/**
 * user-service built in process, reaching MariaDB and Redis through TCP proxies the test cuts like a
 * restart would. While MySQL is away every route that needs it answers 503 problem+json with
 * Retry-After, never a 500; while Redis is away the waiting room answers 503 and sign-up and sign-in
 * go on; a join that fails at the Redis step leaves no token row behind; everything answers again once
 * the part is back, with no restart. Real outages, no mocks.
 */
import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { createDatabase } from '@concert/platform'
import { startTcpProxy, waitFor } from '@concert/outbox/testing'
import type { UserDatabase } from '../db/schema.ts'
import { WaitingRoom } from '../db/waiting-room.ts'
import { startIdentity, type TestUser } from '../testing.ts'

const through = (url: string, port: number) => {
  const proxied = new URL(url)
  proxied.host = `127.0.0.1:${port}`
  return proxied.toString()
}
const mysqlProxy = await startTcpProxy({ host: process.env.MYSQL_HOST ?? '127.0.0.1', port: Number(process.env.MYSQL_PORT ?? 3307) })
const redisProxy = await startTcpProxy({ host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6380) })
// The room the test joins into directly must be the one the identity's admission loop serves.
const NAMESPACE = `test-${randomUUID().slice(0, 8)}`
const identity = await startIdentity({
  QUEUE_NAMESPACE: NAMESPACE,
  DATABASE_URL: through(process.env.USER_DATABASE_URL!, mysqlProxy.port),
  REDIS_URL: through(process.env.USER_REDIS_URL!, redisProxy.port),
})
const { app } = identity.service
// What the test reads and writes itself goes around the proxies.
const db = createDatabase<UserDatabase>({ url: process.env.USER_DATABASE_URL! })
const redis = new Redis(process.env.USER_REDIS_URL!, { keyPrefix: 'user:' })
const room = new WaitingRoom(redis, { admitPerSecond: 1000, activeLimit: 1000, idleSeconds: 60, admissionTtlSeconds: 600, namespace: NAMESPACE })
t.teardown(async () => {
  await identity.close()
  redis.disconnect()
  await db.destroy()
  await mysqlProxy.close()
  await redisProxy.close()
})

type Answer = { status: number; headers: Record<string, unknown>; body: any }
const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, options: { user?: TestUser; payload?: object } = {}): Promise<Answer> => {
  const response = await app.inject({ method, url, ...(options.user ? { headers: options.user.headers } : {}), ...(options.payload ? { payload: options.payload } : {}) })
  return { status: response.statusCode, headers: response.headers, body: response.body ? response.json() : undefined }
}
const isUnavailable = (t: Test, answer: Answer, what: string, code?: string) => {
  t.equal(answer.status, 503, `${what}: 503 (${answer.body?.code})`)
  t.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8', `${what}: problem+json`)
  t.match(answer.body, { status: 503, code: code ?? String, detail: String }, `${what}: a problem`)
  t.ok(Number(answer.headers['retry-after']) >= 1 && Number(answer.headers['retry-after']) <= 5, `${what}: Retry-After ${answer.headers['retry-after']}`)
}
const tokensOf = (userId: string, performanceId: string) =>
  db.selectFrom('token').select(['id', 'status']).where('user_id', '=', userId).where('performance_id', '=', performanceId).execute()

t.test('Redis cut: joins are 503 and leave no token row; sign-up and sign-in go on; the waiting room answers again after', async (t) => {
  const performanceId = randomUUID()
  await identity.schedule(performanceId)
  const [fan, other] = await Promise.all([identity.signUp(), identity.signUp()])
  const live = await call('POST', '/tokens', { user: other, payload: { performanceId } })
  t.equal(live.status, 201, 'a fan joined before the outage')

  await redisProxy.cut()
  for (let i = 1; i <= 5; i++) {
    isUnavailable(t, await call('POST', '/tokens', { user: fan, payload: { performanceId } }), `join ${i}`, 'WAITING_ROOM_UNAVAILABLE')
  }
  t.same(await tokensOf(fan.userId, performanceId), [], 'no WAITING row is left behind by the failed joins')
  isUnavailable(t, await call('GET', `/tokens/${live.body.tokenId}`, { user: other }), 'poll', 'WAITING_ROOM_UNAVAILABLE')
  const email = `fan-${randomUUID()}@concert.test`
  t.equal((await call('POST', '/users', { payload: { email, name: 'Fan', password: 'a long password' } })).status, 201, 'sign-up needs no Redis')
  t.equal((await call('POST', '/sessions', { payload: { email, password: 'a long password' } })).status, 200, 'sign-in goes on unthrottled')
  const ready = await call('GET', '/health/ready')
  t.equal(ready.status, 200, 'ready, degraded')
  t.equal(ready.body.checks.redis.status, 'degraded', 'redis is reported degraded')

  await redisProxy.restore()
  const joined = await waitFor(async () => {
    const answer = await call('POST', '/tokens', { user: fan, payload: { performanceId } })
    return answer.status === 201 ? answer : undefined
  }, { what: 'joins to work again', timeoutMs: 10_000 })
  t.same(await tokensOf(fan.userId, performanceId), [{ id: joined.body.tokenId, status: joined.body.status }], 'one token, the one the client got')
  t.equal((await call('GET', `/tokens/${live.body.tokenId}`, { user: other })).status, 200, 'the earlier token is still in the queue')
})

t.test('a leave whose Redis step failed does not keep the fan out: the next join clears the stale entry', async (t) => {
  const performanceId = randomUUID()
  await identity.schedule(performanceId)
  const fan = await identity.signUp()
  const first = (await call('POST', '/tokens', { user: fan, payload: { performanceId } })).body
  await redisProxy.cut()
  isUnavailable(t, await call('DELETE', `/tokens/${first.tokenId}`, { user: fan }), 'leave while Redis is away', 'WAITING_ROOM_UNAVAILABLE')
  t.same(await tokensOf(fan.userId, performanceId), [{ id: first.tokenId, status: 'EXPIRED' }], 'the leave committed in MySQL')
  t.ok(await room.placement(performanceId, first.tokenId, Date.now()).then((p) => p.kind !== 'gone'), 'the token is still live in Redis')
  await redisProxy.restore()
  const again = await waitFor(async () => {
    const answer = await call('POST', '/tokens', { user: fan, payload: { performanceId } })
    return answer.status < 500 ? answer : undefined
  }, { what: 'a join to be answered', timeoutMs: 10_000 })
  t.equal(again.status, 201, 'a new token, not the ended one')
  t.not(again.body.tokenId, first.tokenId, 'with a new id')
  t.equal((await room.placement(performanceId, first.tokenId, Date.now())).kind, 'gone', 'the stale entry is gone from Redis')
})

t.test('a join Redis queued but whose reply was lost: the next join adopts the queued token', async (t) => {
  const performanceId = randomUUID()
  await identity.schedule(performanceId)
  const fan = await identity.signUp()
  // What a lost reply leaves: the token queued in Redis, its row discarded by the failed request.
  const queued = randomUUID()
  t.equal(await room.join(performanceId, fan.userId, queued, Date.now()), queued, 'queued in Redis, no row in MySQL')
  const joined = await call('POST', '/tokens', { user: fan, payload: { performanceId } })
  t.equal(joined.status, 200, 'the live token is returned, as for any second join')
  t.equal(joined.body.tokenId, queued, 'keeping its place in the queue')
  const rows = await tokensOf(fan.userId, performanceId)
  t.equal(rows.length, 1, 'one row: the adopted token; the new one was discarded')
  t.equal(rows[0]!.id, queued, 'with the queued id')
  t.equal((await call('GET', `/tokens/${queued}`, { user: fan })).status, 200, 'it can be polled')
})

t.test('MySQL cut: every route that needs MySQL is a 503 with Retry-After, never a 500; all answer again after', async (t) => {
  const performanceId = randomUUID()
  await identity.schedule(performanceId)
  const fan = await identity.signUp()
  const token = (await call('POST', '/tokens', { user: fan, payload: { performanceId } })).body

  await mysqlProxy.cut()
  const requests: Array<[string, () => Promise<Answer>]> = [
    ['POST /users', () => call('POST', '/users', { payload: { email: `fan-${randomUUID()}@concert.test`, name: 'Fan', password: 'a long password' } })],
    ['GET /users/{id}', () => call('GET', `/users/${fan.userId}`, { user: fan })],
    ['POST /sessions', () => call('POST', '/sessions', { payload: { email: fan.email, password: fan.password } })],
    ['POST /sessions/refresh', () => call('POST', '/sessions/refresh', { payload: { refreshToken: fan.refreshToken } })],
    ['DELETE /sessions', () => call('DELETE', '/sessions', { payload: { refreshToken: fan.refreshToken } })],
    ['GET /.well-known/jwks.json', () => call('GET', '/.well-known/jwks.json')],
    ['POST /tokens', () => call('POST', '/tokens', { user: fan, payload: { performanceId: randomUUID() } })],
    ['GET /tokens/{id}', () => call('GET', `/tokens/${token.tokenId}`, { user: fan })],
    ['DELETE /tokens/{id}', () => call('DELETE', `/tokens/${token.tokenId}`, { user: fan })],
  ]
  for (const [what, request] of requests) isUnavailable(t, await request(), what)
  t.equal((await call('GET', '/health/ready')).status, 503, 'not ready')

  await mysqlProxy.restore()
  t.equal((await call('GET', `/users/${fan.userId}`, { user: fan })).status, 200, 'reads answer again')
  t.equal((await call('POST', '/sessions/refresh', { payload: { refreshToken: fan.refreshToken } })).status, 200, 'the refresh refused during the outage was not used up')
  t.equal((await call('GET', `/tokens/${token.tokenId}`, { user: fan })).status, 200, 'the token survived')
  t.equal((await call('DELETE', `/tokens/${token.tokenId}`, { user: fan })).status, 204, 'and can be left')
  t.equal((await call('GET', '/health/ready')).status, 200, 'ready again')
})

t.test('admissions decided in Redis while MySQL is away reach the token rows once it is back, without a poll', async (t) => {
  const performanceId = randomUUID()
  await identity.schedule(performanceId)
  const fans = await Promise.all([1, 2, 3].map(() => identity.signUp()))
  await mysqlProxy.cut()
  // Queued as a join would queue them (row first, then Redis), written around the cut proxy.
  const tokens = fans.map((fan) => ({
    id: randomUUID(), user_id: fan.userId, performance_id: performanceId, status: 'WAITING' as const,
    created_at: new Date(), activated_at: null, expires_at: null, ended_at: null,
  }))
  await db.insertInto('token').values(tokens).execute()
  for (const token of tokens) await room.join(performanceId, token.user_id, token.id, Date.now())
  await waitFor(async () => {
    const placements = await Promise.all(tokens.map((token) => room.placement(performanceId, token.id, Date.now())))
    return placements.every((placement) => placement.kind === 'active')
  }, { what: 'the admission loop to admit them in Redis', timeoutMs: 10_000 })
  const during = await db.selectFrom('token').select('status').where('id', 'in', tokens.map((token) => token.id)).execute()
  t.ok(during.every((row) => row.status === 'WAITING'), 'admitted in Redis, still WAITING in MySQL while it is away')

  await mysqlProxy.restore()
  const after = await waitFor(async () => {
    const rows = await db.selectFrom('token').select(['status', 'activated_at', 'expires_at']).where('id', 'in', tokens.map((token) => token.id)).execute()
    return rows.every((row) => row.status === 'ACTIVE') ? rows : undefined
  }, { what: 'the rows to become ACTIVE', timeoutMs: 10_000 })
  t.equal(after.length, 3, 'every admitted token is ACTIVE in MySQL, though nobody polled')
  t.ok(after.every((row) => row.activated_at && row.expires_at), 'with when it was admitted and when the admission ends')
})
