import { randomUUID } from 'node:crypto'
import t from 'tap'
import { startIdentity } from '../testing.ts'

const identity = await startIdentity()
t.teardown(() => identity.close())
const { app } = identity.service

t.test('metrics appear after traffic, with route labels and waiting-room sizes', async (t) => {
  const fan = await identity.signUp()
  const performanceId = randomUUID()
  await app.inject({ method: 'POST', url: '/users', payload: { email: 'not-an-email', name: 'x', password: 'long enough pw' } })
  await identity.admission(fan, performanceId)
  const body = (await app.inject({ method: 'GET', url: '/metrics' })).body
  const sample = (name: string, labels: Record<string, string>) => {
    const line = body.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)))
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  t.ok(sample('http_request_duration_seconds_count', { service: 'user-service', method: 'POST', route: '/users', status: '201' })! >= 1)
  t.equal(sample('http_request_errors_total', { method: 'POST', route: '/users', status: '400' }), 1)
  t.equal(sample('waiting_room_admitted_total', { performance: performanceId }), 1)
  t.equal(sample('waiting_room_size', { performance: performanceId, state: 'active' }), 1)
  t.match(body, /process_cpu_seconds_total/)
})

t.test('the W3C trace context is kept, or started, per request', async (t) => {
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
  const kept = await app.inject({ method: 'GET', url: '/health/live', headers: { traceparent } })
  t.equal(kept.headers['traceparent'], traceparent)
  const started = await app.inject({ method: 'GET', url: '/health/live', headers: { traceparent: 'garbage' } })
  t.match(started.headers['traceparent'], /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
  t.not(started.headers['traceparent'], traceparent)
  t.match(kept.headers['x-request-id'], /^[0-9a-f-]{36}$/)
})
