import { randomUUID } from 'node:crypto'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import t, { type Test } from 'tap'
import { startIdentity } from '@concert/user-service/testing'
// The gateway fronts the real review-service, started in process like the user-service.
import { startReviewService } from '../../review/testing.ts'
import { buildGateway } from '../app.ts'
import { loadGatewayConfig } from '../config.ts'

/** A port nothing listens on: what a stopped service looks like. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

const identity = await startIdentity()
const review = await startReviewService(identity.jwksUrl)
// What review-service received, by request id: proves headers crossed the gateway.
const seen = new Map<string, { traceparent?: string; forwardedFor?: string; url: string }>()
review.app.addHook('onRequest', async (request) => {
  seen.set(request.id, { traceparent: request.headers.traceparent as string | undefined, forwardedFor: request.headers['x-forwarded-for'] as string | undefined, url: request.url })
})
await review.app.listen({ port: 0, host: '127.0.0.1' })
const reviewUrl = `http://127.0.0.1:${(review.app.server.address() as AddressInfo).port}`
const down = `http://127.0.0.1:${await closedPort()}`

async function startGateway(env: Record<string, string> = {}) {
  const config = loadGatewayConfig({
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    USER_SERVICE_URL: identity.baseUrl,
    REVIEW_SERVICE_URL: reviewUrl,
    CONCERT_SERVICE_URL: down,
    ORDER_SERVICE_URL: down,
    PAYMENT_SERVICE_URL: down,
    ...env,
  })
  const { app } = await buildGateway(config)
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

const gateway = await startGateway()
t.teardown(async () => {
  await review.app.close()
  await identity.close()
})

const call = (path: string, init: RequestInit & { json?: unknown } = {}, base = gateway) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: { ...(init.json === undefined ? {} : { 'content-type': 'application/json' }), ...(init.headers as Record<string, string>) },
    body: init.json === undefined ? init.body : JSON.stringify(init.json),
  })

async function isProblem(t: Test, response: Response, status: number, code: string) {
  t.equal(response.status, status, code)
  t.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8')
  const body = await response.json() as Record<string, unknown>
  t.match(body, { status, code, title: String, detail: String })
  t.notMatch(JSON.stringify(body), /127\.0\.0\.1|ECONNREFUSED|stack|at .*\.js/, 'nothing internal leaks')
  return body
}

t.test('sign up and sign in through the gateway', async (t) => {
  const email = `gw-${randomUUID()}@concert.test`
  const created = await call('/users', { method: 'POST', json: { email, name: 'Gateway Fan', password: 'through the gateway' } })
  t.equal(created.status, 201)
  const { userId } = await created.json() as { userId: string }

  const session = await call('/sessions', { method: 'POST', json: { email, password: 'through the gateway' } })
  t.equal(session.status, 200)
  const { accessToken } = await session.json() as { accessToken: string }
  const me = await call(`/users/${userId}`, { headers: { authorization: `Bearer ${accessToken}` } })
  t.equal(me.status, 200)
  t.match(await me.json(), { userId, email, role: 'user' })

  const jwks = await call('/.well-known/jwks.json')
  t.equal(jwks.status, 200)
  t.ok(((await jwks.json()) as { keys: unknown[] }).keys.length > 0, 'the JWKS is public through the gateway')

  const bad = await call('/users', { method: 'POST', json: { email, name: 'x' } })
  t.equal(bad.status, 400, "an upstream's own problem passes through untouched")
  t.match(await bad.json(), { code: 'VALIDATION_FAILED' })
})

t.test('review-service through the gateway: public list, bearer-protected write', async (t) => {
  const performanceId = randomUUID()
  const list = await call(`/reviews/${performanceId}?page=1&size=5`)
  t.equal(list.status, 200)
  t.same(await list.json(), { performanceId, averageRating: null, count: 0, items: [], page: 1, size: 5, total: 0 })

  const fan = await identity.signUp()
  const write = await call('/reviews', { method: 'POST', headers: fan.headers, json: { performanceId, rating: 5, content: 'was I there?' } })
  await isProblem(t, write, 403, 'NOT_ATTENDED')
})

t.test('x-request-id and traceparent reach the upstream and come back', async (t) => {
  const id = `req-${randomUUID()}`
  const trace = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
  const response = await call(`/reviews/${randomUUID()}`, { headers: { 'x-request-id': id, traceparent: trace, 'x-forwarded-for': '6.6.6.6' } })
  t.equal(response.status, 200)
  t.equal(response.headers.get('x-request-id'), id, 'echoed to the client')
  t.equal(response.headers.get('traceparent'), trace)
  t.match(seen.get(id), { traceparent: trace, forwardedFor: '127.0.0.1' }, 'the upstream saw the same ids; a client-sent X-Forwarded-For is not trusted')

  const fresh = await call(`/reviews/${randomUUID()}`, { headers: { traceparent: 'garbage' } })
  const generated = fresh.headers.get('x-request-id')!
  t.match(generated, /^[0-9a-f-]{36}$/, 'generated when absent')
  t.match(fresh.headers.get('traceparent'), /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/, 'a trace starts at the gateway')
  t.equal(seen.get(generated)?.traceparent, fresh.headers.get('traceparent'), 'and the upstream continues it')

  const session = await call('/sessions', { method: 'POST', headers: { 'x-request-id': id }, json: { email: 'nobody@concert.test', password: 'whatever it is' } })
  t.equal(session.status, 401)
  t.equal(session.headers.get('x-request-id'), id, 'user-service echoes the propagated id')
})

t.test('a route to a service that is down is a 503 problem', async (t) => {
  for (const path of ['/performances', '/seats/123', '/reservations', '/payments/abc', '/points/charge']) {
    const response = await call(path, path === '/points/charge' ? { method: 'POST', json: { amount: 1000 } } : {})
    const body = await isProblem(t, response, 503, 'UPSTREAM_UNAVAILABLE')
    t.match(body.detail, /-service is unavailable/, path)
    t.ok(response.headers.get('x-request-id'), `${path}: still carries a request id`)
    t.equal(response.headers.get('retry-after'), '1', `${path}: says when to retry`)
  }
  await isProblem(t, await call('/nowhere'), 404, 'NOT_FOUND')
})

t.test('a service that does not answer in time is a 504 problem', async (t) => {
  // Accepts connections and never answers: a hung service.
  const sockets = new Set<Socket>()
  const silent = createServer((socket) => { sockets.add(socket) })
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    for (const socket of sockets) socket.destroy()
    silent.close()
  })
  const slow = await startGateway({ CONCERT_SERVICE_URL: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, UPSTREAM_TIMEOUT_MS: '300' })
  await isProblem(t, await call('/performances', {}, slow), 504, 'UPSTREAM_TIMEOUT')
})

t.test('the merged OpenAPI document', async (t) => {
  const response = await call('/openapi.json')
  t.equal(response.status, 200)
  const doc = await response.json() as {
    openapi: string
    paths: Record<string, Record<string, { tags: string[] }>>
    servers: Array<{ url: string }>
    tags: Array<{ name: string }>
    components: { schemas: Record<string, unknown> }
    'x-unavailable': Array<{ service: string; reason: string }>
  }
  t.equal(doc.openapi, '3.1.0')
  for (const path of ['/users', '/sessions', '/tokens', '/.well-known/jwks.json', '/reviews', '/reviews/{performanceId}']) t.ok(doc.paths[path], path)
  t.notOk(doc.paths['/health/ready'], "services' own health endpoints are not published")
  t.same(doc.paths['/reviews']!['post']!.tags, ['review-service'])
  t.same(doc.paths['/sessions']!['post']!.tags, ['user-service'])
  t.same(doc.tags.map((tag) => tag.name), ['user-service', 'review-service'])
  t.ok(doc.components.schemas['Problem'])
  t.same(doc.servers, [{ url: gateway, description: 'gateway' }])
  t.same(doc['x-unavailable'].map((entry) => entry.service), ['concert-service', 'order-service', 'payment-service'])
  t.match(doc['x-unavailable'][0], { reason: 'unreachable' })

  const ui = await call('/docs')
  t.equal(ui.status, 200)
  t.match(ui.headers.get('content-type'), /text\/html/)
  t.match(await ui.text(), /swagger/i)
  const uiDoc = await (await call('/docs/json')).json() as typeof doc
  t.same(Object.keys(uiDoc.paths).sort(), Object.keys(doc.paths).sort(), 'Swagger UI shows the merged document')
})

t.test('health: live always, ready only when every service is', async (t) => {
  const live = await call('/health/live')
  t.equal(live.status, 200)
  t.same(await live.json(), { status: 'ok' })

  const ready = await call('/health/ready')
  t.equal(ready.status, 503)
  const body = await ready.json() as { status: string; services: Record<string, { status: string; httpStatus?: number }> }
  t.equal(body.status, 'unavailable')
  t.match(body.services, {
    user: { status: 'ready', httpStatus: 200 },
    review: { status: 'ready', httpStatus: 200 },
    concert: { status: 'unreachable' },
    order: { status: 'unreachable' },
    payment: { status: 'unreachable' },
  })

  const allUp = await startGateway({ CONCERT_SERVICE_URL: reviewUrl, ORDER_SERVICE_URL: reviewUrl, PAYMENT_SERVICE_URL: identity.baseUrl })
  const whole = await call('/health/ready', {}, allUp)
  t.equal(whole.status, 200, 'every upstream ready → ready')
  t.match(await whole.json(), { status: 'ready' })
})

t.test('CORS: preflight answered, headers exposed', async (t) => {
  const preflight = await call('/reviews', {
    method: 'OPTIONS',
    headers: { origin: 'https://tickets.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  })
  t.equal(preflight.status, 204)
  t.equal(preflight.headers.get('access-control-allow-origin'), 'https://tickets.example')
  t.match(preflight.headers.get('access-control-allow-methods'), /POST/)
  t.match(preflight.headers.get('access-control-allow-headers'), /authorization/)

  const simple = await call(`/reviews/${randomUUID()}`, { headers: { origin: 'https://tickets.example' } })
  t.equal(simple.headers.get('access-control-allow-origin'), 'https://tickets.example')
  t.match(simple.headers.get('access-control-expose-headers'), /x-request-id/)

  const strict = await startGateway({ CORS_ORIGINS: 'https://tickets.example, https://admin.tickets.example' })
  const allowed = await call('/reviews', { method: 'OPTIONS', headers: { origin: 'https://admin.tickets.example', 'access-control-request-method': 'POST' } }, strict)
  t.equal(allowed.headers.get('access-control-allow-origin'), 'https://admin.tickets.example')
  const foreign = await call('/reviews', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }, strict)
  t.equal(foreign.headers.get('access-control-allow-origin'), null, 'an origin not on the list gets no CORS grant')
})

t.test('rate limit: RATE_LIMITED problem after the configured count per client', async (t) => {
  const limited = await startGateway({ RATE_LIMIT_PER_MINUTE: '5' })
  const statuses: number[] = []
  for (let i = 0; i < 5; i++) statuses.push((await call(`/reviews/${randomUUID()}`, {}, limited)).status)
  t.same(statuses, [200, 200, 200, 200, 200])
  const refused = await call(`/reviews/${randomUUID()}`, {}, limited)
  await isProblem(t, refused, 429, 'RATE_LIMITED')
  t.ok(Number(refused.headers.get('retry-after')) > 0, 'says when to come back')
  await isProblem(t, await call('/users', { method: 'POST', json: {} }, limited), 429, 'RATE_LIMITED')
  t.equal((await call('/health/live', {}, limited)).status, 200, 'health probes are never limited')
})

t.test('a Redis outage does not block traffic', async (t) => {
  const gatewayWithoutRedis = await startGateway({ RATE_LIMIT_PER_MINUTE: '5', GATEWAY_REDIS_URL: `redis://127.0.0.1:${await closedPort()}` })
  const response = await call(`/reviews/${randomUUID()}`, {}, gatewayWithoutRedis)
  t.equal(response.status, 200)
})
