import { randomUUID } from 'node:crypto'
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http'
import { createServer as createTcpServer, type AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { createLogger, createServiceApp, remoteKeys } from '@concert/platform'
import { startIdentity } from '@concert/user-service/testing'
import { buildGateway } from '../app.ts'
import { loadGatewayConfig } from '../config.ts'

/**
 * The gateway's own limits and its error answers, against the real user-service and a recording
 * upstream that shows exactly what the gateway forwarded (or that it forwarded nothing).
 */
const identity = await startIdentity()
t.teardown(() => identity.close())

interface Received { method: string; url: string; headers: IncomingHttpHeaders; bytes: number; remoteAddress: string }
const received: Received[] = []
const recorder = createServer((req, res) => {
  // The gateway's liveness probes are not what these tests look for.
  if (req.url === '/health/live') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}')
  let bytes = 0
  req.on('data', (chunk: Buffer) => { bytes += chunk.length })
  req.on('end', () => {
    received.push({ method: req.method!, url: req.url!, headers: req.headers, bytes, remoteAddress: req.socket.remoteAddress! })
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ bytes }))
  })
})
const listen = async (server: Server | ReturnType<typeof createTcpServer>) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => server.close())
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
const recorderUrl = await listen(recorder)
// Answers every connection with bytes that are not HTTP: a broken upstream.
const garbage = createTcpServer((socket) => socket.end('this is not http\r\n\r\n'))
const garbageUrl = await listen(garbage)

const LIMIT = 32 * 1024

async function startGateway(env: Record<string, string> = {}): Promise<string> {
  const { app } = await buildGateway(loadGatewayConfig({
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    USER_SERVICE_URL: identity.baseUrl,
    CONCERT_SERVICE_URL: recorderUrl,
    ORDER_SERVICE_URL: garbageUrl,
    PAYMENT_SERVICE_URL: recorderUrl,
    REVIEW_SERVICE_URL: recorderUrl,
    BODY_LIMIT_BYTES: String(LIMIT),
    BODY_TIMEOUT_MS: '400',
    ...env,
  }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}
const gateway = await startGateway()

interface Answer { status: number; headers: IncomingHttpHeaders; body: string; closed: boolean }

/**
 * A request written by hand: `chunks` are sent one by one (chunked unless content-length is given);
 * writing stops as soon as the gateway answers, as a well-behaved client does. `stall` never finishes
 * the body: a slow client.
 */
function send(base: string, path: string, options: { method?: string; headers?: Record<string, string | number>; chunks?: Buffer[]; stall?: boolean; localAddress?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false
    const req = httpRequest(`${base}${path}`, {
      method: options.method ?? 'POST',
      headers: options.headers,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    }, (res) => {
      answered = true
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk })
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, closed: res.headers.connection === 'close' }))
    })
    req.on('error', (error) => { if (!answered) reject(error) })
    void (async () => {
      for (const chunk of options.chunks ?? []) {
        if (answered || req.destroyed) return
        if (!req.write(chunk)) {
          await new Promise<void>((resolve) => {
            const go = () => { req.off('drain', go).off('close', go); resolve() }
            req.on('drain', go).on('close', go)
          })
        }
      }
      if (!answered && !options.stall) req.end()
    })()
  })
}

function isProblem(t: Test, answer: Answer, status: number, code: string): Record<string, unknown> {
  t.equal(answer.status, status, code)
  t.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8', `${code}: problem+json`)
  t.notMatch(answer.body, /FST_|fastify|undici|reply-from|ECONN|127\.0\.0\.1:/i, `${code}: nothing internal`)
  const body = JSON.parse(answer.body) as Record<string, unknown>
  t.match(body, { status, code, title: String, detail: String, type: String })
  return body
}

const megabytes = (n: number) => Array.from({ length: n * 16 }, () => Buffer.alloc(64 * 1024, 'a'))

t.test('a 5 MB body is refused by the gateway itself with 413, declared or chunked', async (t) => {
  for (const [name, headers] of [
    ['Content-Length', { 'content-type': 'application/json', 'content-length': 5 * 1024 * 1024 }],
    ['chunked', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }],
  ] as const) {
    const before = received.length
    const answer = await send(gateway, '/venues', { headers, chunks: megabytes(5) })
    const body = isProblem(t, answer, 413, 'PAYLOAD_TOO_LARGE')
    t.equal(body.limit, LIMIT, `${name}: says the limit`)
    t.equal(answer.headers['retry-after'], undefined, `${name}: no Retry-After, the same body never fits`)
    t.ok(answer.headers['x-request-id'], `${name}: carries a request id`)
    t.equal(received.length, before, `${name}: nothing reached the service`)
  }
  const users = await send(gateway, '/users', { headers: { 'content-type': 'application/json', 'content-length': 5 * 1024 * 1024 }, chunks: megabytes(5) })
  isProblem(t, users, 413, 'PAYLOAD_TOO_LARGE')
})

t.test('a body up to the limit is forwarded as the same bytes, chunked or not', async (t) => {
  const exact = Buffer.alloc(LIMIT, 'b')
  const declared = await send(gateway, '/venues', { headers: { 'content-type': 'application/octet-stream', 'content-length': LIMIT }, chunks: [exact] })
  t.equal(declared.status, 200)
  t.same(JSON.parse(declared.body), { bytes: LIMIT })
  const chunked = await send(gateway, '/performances', { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks: [Buffer.from('{"a":'), Buffer.from('1}')] })
  t.equal(chunked.status, 200)
  const seen = received.at(-1)!
  t.match(seen, { url: '/performances', bytes: 7, headers: { 'content-length': '7', 'content-type': 'application/json' } })
  t.equal(seen.headers['transfer-encoding'], undefined, 'the service gets a Content-Length body')

  const email = `chunked-${randomUUID()}@concert.test`
  const payload = Buffer.from(JSON.stringify({ email, name: 'Chunked Fan', password: 'through the gateway' }))
  const signUp = await send(gateway, '/users', { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks: [payload.subarray(0, 10), payload.subarray(10)] })
  t.equal(signUp.status, 201, 'the real user-service takes a chunked sign-up')
})

t.test('a body that does not arrive in time is 408, and the connection is closed', async (t) => {
  const before = received.length
  const started = Date.now()
  const answer = await send(gateway, '/venues', { headers: { 'content-type': 'application/json', 'content-length': 100 }, chunks: [Buffer.from('{"na')], stall: true })
  isProblem(t, answer, 408, 'REQUEST_TIMEOUT')
  t.ok(Date.now() - started < 3_000, 'answered at BODY_TIMEOUT_MS, not when the client gives up')
  t.ok(answer.closed, 'Connection: close')
  t.equal(received.length, before, 'nothing reached the service')
})

t.test('routing errors through the gateway: bad encoding, long segments, unknown routes, methods, media types', async (t) => {
  for (const path of ['/users/%zz', '/users/%c0%ae', '/%zz', '/reviews/%E0%A4%A']) {
    isProblem(t, await send(gateway, path, { method: 'GET' }), 400, 'BAD_URL')
  }
  isProblem(t, await send(gateway, `/users/${'a'.repeat(300)}`, { method: 'GET' }), 400, 'PATH_TOO_LONG')
  isProblem(t, await send(gateway, '/nowhere', { method: 'GET' }), 404, 'NOT_FOUND')
  isProblem(t, await send(gateway, '/users/a/b/c', { method: 'GET' }), 404, 'NOT_FOUND')
  const own = await send(gateway, '/health/live', { method: 'POST', headers: { 'content-type': 'application/json' }, chunks: [Buffer.from('{}')] })
  isProblem(t, own, 405, 'METHOD_NOT_ALLOWED')
  t.equal(own.headers.allow, 'GET, HEAD')
  const upstream = await send(gateway, '/users', { method: 'DELETE' })
  isProblem(t, upstream, 405, 'METHOD_NOT_ALLOWED')
  t.equal(upstream.headers.allow, 'POST', "the service's Allow passes through")
  isProblem(t, await send(gateway, '/users', { headers: { 'content-type': 'text/plain' }, chunks: [Buffer.from('hello')] }), 415, 'UNSUPPORTED_MEDIA_TYPE')
  isProblem(t, await send(gateway, '/users', { headers: { 'content-type': 'application/json' }, chunks: [Buffer.from('{"email":"a@b.c","email":"d@e.f","name":"x","password":"12345678"}')] }), 400, 'DUPLICATE_JSON_KEY')
})

t.test('what the client sends never makes the gateway answer 503', async (t) => {
  const odd = await send(gateway, '/venues', {
    method: 'GET',
    headers: { 'keep-alive': 'timeout=5', upgrade: 'h2c', te: 'trailers', 'x-forwarded-for': '6.6.6.6' },
  })
  t.equal(odd.status, 200, 'hop-by-hop headers are dropped, not refused upstream')
  const withBody = await send(gateway, '/venues', { method: 'GET', headers: { 'content-length': 5 }, chunks: [Buffer.from('hello')] })
  t.equal(withBody.status, 200, 'a GET body is not forwarded, nor announced')
  t.equal(received.at(-1)!.headers['content-length'], undefined)
  const empty = await send(gateway, '/venues', { headers: { 'content-type': 'application/json', 'content-length': 0 } })
  t.equal(empty.status, 200, 'an empty body is forwarded as one')

  const broken = await send(gateway, '/reservations', { method: 'GET' })
  isProblem(t, broken, 502, 'BAD_GATEWAY')
  t.equal(broken.headers['retry-after'], undefined, 'a broken upstream is a 502 without Retry-After')
})

t.test('services believe X-Forwarded-For only from the gateway address', async (t) => {
  // A service as createService builds it, trusting only 127.0.0.2, behind a gateway that connects from there.
  const service = await createServiceApp({
    service: 'trust-test', title: 'trust', description: 'trust', logger: createLogger('trust-test', 'silent'),
    keys: remoteKeys(identity.jwksUrl), readiness: {}, trustedProxies: ['127.0.0.2'],
  })
  service.get('/venues/whoami', async (request) => ({ ip: request.ip, peer: request.socket.remoteAddress }))
  await service.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => service.close())
  const serviceUrl = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`
  const trusted = await startGateway({ CONCERT_SERVICE_URL: serviceUrl, UPSTREAM_LOCAL_ADDRESS: '127.0.0.2' })

  const viaGateway = await send(trusted, '/venues/whoami', { method: 'GET', localAddress: '127.0.0.3', headers: { 'x-forwarded-for': '6.6.6.6' } })
  t.same(JSON.parse(viaGateway.body), { ip: '127.0.0.3', peer: '127.0.0.2' }, 'the gateway vouches for the client it saw, not for what the client claims')
  const direct = await send(serviceUrl, '/venues/whoami', { method: 'GET', localAddress: '127.0.0.3', headers: { 'x-forwarded-for': '6.6.6.6' } })
  t.same(JSON.parse(direct.body), { ip: '127.0.0.3', peer: '127.0.0.3' }, 'a direct caller cannot choose its address')

  const behindBalancer = await startGateway({ CONCERT_SERVICE_URL: serviceUrl, UPSTREAM_LOCAL_ADDRESS: '127.0.0.2', TRUST_PROXY: 'true' })
  const balanced = await send(behindBalancer, '/venues/whoami', { method: 'GET', headers: { 'x-forwarded-for': '203.0.113.7' } })
  t.same(JSON.parse(balanced.body), { ip: '203.0.113.7', peer: '127.0.0.2' }, 'with TRUST_PROXY the gateway passes on the client its balancer names')

  await t.rejects(startGateway({ UPSTREAM_LOCAL_ADDRESS: 'gateway.local' }), /UPSTREAM_LOCAL_ADDRESS/)
})
