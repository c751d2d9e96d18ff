/**
 * A payment-service instance reaching MariaDB and Redis through TCP proxies the test cuts like a
 * restart. Redis away: balances are read from MySQL and charges go on (the cache is only a cache).
 * MySQL away: every route that needs it is a 503 problem+json with Retry-After, never a 500, and a
 * charge refused then is applied exactly once when retried after.
 */
import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { startTcpProxy, waitFor } from '@concert/outbox/testing'
import { buildService, startHarness } from './helpers.ts'

const through = (url: string, port: number) => {
  const proxied = new URL(url)
  proxied.host = `127.0.0.1:${port}`
  return proxied.toString()
}
const h = await startHarness()
const mysqlProxy = await startTcpProxy({ host: process.env.MYSQL_HOST ?? '127.0.0.1', port: Number(process.env.MYSQL_PORT ?? 3307) })
const redisProxy = await startTcpProxy({ host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6380) })
// A second instance on the harness's database, through the proxies.
const service = await buildService(h.identity.jwksUrl, {
  DATABASE_URL: through(h.databaseUrl, mysqlProxy.port),
  REDIS_URL: through(process.env.PAYMENT_REDIS_URL!, redisProxy.port),
})
await service.app.ready()
t.teardown(async () => {
  await service.app.close()
  await mysqlProxy.close()
  await redisProxy.close()
  await h.close()
})
const { app } = service

const fan = await h.identity.signUp()
const charge = (amount: number, key = randomUUID()) =>
  app.inject({ method: 'POST', url: '/points/charge', headers: { ...fan.headers, 'idempotency-key': key }, payload: { amount } })
const get = (url: string) => app.inject({ method: 'GET', url, headers: fan.headers })
const isUnavailable = (t: Test, response: LightMyRequestResponse, what: string) => {
  t.equal(response.statusCode, 503, `${what}: 503 (${response.json().code})`)
  t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', `${what}: problem+json`)
  t.match(response.json(), { status: 503, code: 'DATABASE_UNAVAILABLE', detail: String }, `${what}: DATABASE_UNAVAILABLE`)
  t.ok(Number(response.headers['retry-after']) >= 1 && Number(response.headers['retry-after']) <= 5, `${what}: Retry-After ${response.headers['retry-after']}`)
}

t.test('Redis cut: balances come from MySQL and charges go on', async (t) => {
  await waitFor(() => get(`/points/${fan.userId}`).then((r) => r.statusCode === 200), { what: 'the instance to answer' })
  t.equal((await charge(10_000)).statusCode, 200, 'a charge before the outage')
  await redisProxy.cut()
  const balance = await get(`/points/${fan.userId}`)
  t.equal(balance.statusCode, 200, 'the balance answers')
  t.equal(balance.json().balance, 10_000, 'with the committed balance')
  const charged = await charge(5_000)
  t.equal(charged.statusCode, 200, 'a charge needs no Redis')
  t.equal(charged.json().balance, 15_000, 'the new balance')
  t.equal((await get(`/points/${fan.userId}`)).json().balance, 15_000, 'read back from MySQL, not from the cache it could not update')
  t.equal((await get(`/points/${fan.userId}/transactions`)).statusCode, 200, 'the history answers')
  t.equal((await get('/health/ready')).statusCode, 200, 'ready (Redis degraded)')
  await redisProxy.restore()
})

t.test('MySQL cut: every route that needs MySQL is a 503 with Retry-After; a refused charge is applied once when retried', async (t) => {
  await mysqlProxy.cut()
  const key = randomUUID()
  const answers: Array<[string, LightMyRequestResponse]> = [
    ['POST /points/charge', await charge(1_000, key)],
    ['GET /points/{userId}/transactions', await get(`/points/${fan.userId}/transactions`)],
    ['GET /notifications', await get('/notifications')],
    ['POST /payments', await app.inject({ method: 'POST', url: '/payments', headers: { ...fan.headers, 'idempotency-key': randomUUID() }, payload: { orderId: randomUUID() } })],
    ['GET /payments/{id}', await get(`/payments/${randomUUID()}`)],
  ]
  for (const [what, response] of answers) isUnavailable(t, response, what)
  const balance = await get(`/points/${fan.userId}`)
  t.ok(balance.statusCode === 200 || balance.statusCode === 503, `the balance is served from the cache or is a 503 (${balance.statusCode})`)
  if (balance.statusCode === 503) isUnavailable(t, balance, 'GET /points/{userId}')
  t.equal((await get('/health/ready')).statusCode, 503, 'not ready')

  await mysqlProxy.restore()
  const retried = await charge(1_000, key)
  t.equal(retried.statusCode, 200, 'the retried charge goes through')
  t.equal(retried.json().balance, 16_000, 'applied once')
  t.equal((await charge(1_000, key)).json().balance, 16_000, 'a replay changes nothing')
  const history = (await get(`/points/${fan.userId}/transactions`)).json()
  t.equal(history.total, 3, 'three charges in the ledger, none from the outage')
})
