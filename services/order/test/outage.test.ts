/**
 * order-service in process, reaching its database through a TCP proxy the test cuts like a MariaDB
 * restart. While it is away every route answers 503 problem+json with Retry-After (never a 500) and
 * nothing is half-written; once it is back the same requests go through, a retried hold once.
 */
import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { createDatabase } from '@concert/platform'
import { startTcpProxy } from '@concert/outbox/testing'
import type { OrderDatabase } from '../db/schema.ts'
import { isolatedDatabase } from '@concert/platform/testing'
import { startHarness } from './harness.ts'

const own = await isolatedDatabase('order')
const proxy = await startTcpProxy({ host: process.env.MYSQL_HOST ?? '127.0.0.1', port: Number(process.env.MYSQL_PORT ?? 3307) })
const proxied = new URL(own.url)
proxied.host = `127.0.0.1:${proxy.port}`
const h = await startHarness({}, { databaseUrl: proxied.toString() })
// The test's own reads go around the proxy.
const db = createDatabase<OrderDatabase>({ url: own.url })
t.teardown(async () => {
  await h.close()
  await db.destroy()
  await proxy.close()
  await own.drop()
})
const { app } = h.service

const isUnavailable = (t: Test, response: LightMyRequestResponse, what: string) => {
  t.equal(response.statusCode, 503, `${what}: 503 (${response.json().code})`)
  t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', `${what}: problem+json`)
  t.match(response.json(), { status: 503, code: 'DATABASE_UNAVAILABLE', detail: String }, `${what}: DATABASE_UNAVAILABLE`)
  t.ok(Number(response.headers['retry-after']) >= 1 && Number(response.headers['retry-after']) <= 5, `${what}: Retry-After ${response.headers['retry-after']}`)
}

t.test('database cut: every route is a 503 with Retry-After and writes nothing; the retried hold goes through once after', async (t) => {
  const fan = await h.fan()
  const scheduleId = await h.schedule(fan.performanceId)
  const held = await h.reserve(fan, { scheduleId, seatIds: [1] })
  t.equal(held.statusCode, 201, 'a hold before the outage')
  const { reservationId } = held.json()
  const other = await h.admit(fan)
  const key = randomUUID()

  await proxy.cut()
  const answers: Array<[string, LightMyRequestResponse]> = [
    ['POST /reservations', await h.reserve(other, { scheduleId, seatIds: [2] }, key)],
    ['GET /reservations/{id}', await app.inject({ method: 'GET', url: `/reservations/${reservationId}`, headers: fan.headers })],
    ['GET /reservations', await app.inject({ method: 'GET', url: '/reservations', headers: fan.headers })],
    ['DELETE /reservations/{id}', await app.inject({ method: 'DELETE', url: `/reservations/${reservationId}`, headers: fan.headers })],
  ]
  for (const [what, response] of answers) isUnavailable(t, response, what)
  t.equal((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode, 503, 'not ready')
  const rows = await db.selectFrom('reservation').select(['id', 'status']).where('user_id', '=', fan.userId).execute()
  t.same(rows, [{ id: reservationId, status: 'PENDING' }], 'nothing was written or changed')

  await proxy.restore()
  const retried = await h.reserve(other, { scheduleId, seatIds: [2] }, key)
  t.equal(retried.statusCode, 201, 'the same request, retried, holds the seat')
  const replayed = await h.reserve(other, { scheduleId, seatIds: [2] }, key)
  t.equal(replayed.json().reservationId, retried.json().reservationId, 'once (its Idempotency-Key replays)')
  t.equal((await app.inject({ method: 'GET', url: `/reservations/${reservationId}`, headers: fan.headers })).statusCode, 200, 'reads answer again')
  t.equal((await app.inject({ method: 'DELETE', url: `/reservations/${reservationId}`, headers: fan.headers })).statusCode, 200, 'the cancel refused during the outage goes through')
})
