import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import t from 'tap'
import { buildGateway } from '../app.ts'
import { loadGatewayConfig } from '../config.ts'

/**
 * Balancing, health and retries against real HTTP servers standing in for two instances of a
 * service: each can be stopped (its port then refuses), restarted on the same port, made to drop
 * connections mid-request, or made to fail its liveness probe while still serving.
 */
class FakeInstance {
  readonly received: Array<{ method: string; url: string; key?: string }> = []
  /** what /health/live answers: 200, 503 (shutting down) or 'hang' (a paused process) */
  live: 200 | 503 | 'hang' = 200
  /** requests to paths starting with this have their connection destroyed once the request is read */
  dropPrefix = '/venues/drop'
  /** requests to paths starting with this are answered only when released (a busy instance) */
  holdPrefix = '/venues/slow'
  private readonly held: Array<() => void> = []
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  port = 0

  constructor(readonly name: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get proxied(): number {
    return this.received.length
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    if (req.url === '/health/live') {
      if (this.live === 'hang') return
      return json(this.live, this.live === 200 ? { status: 'ok' } : { status: 503, code: 'SHUTTING_DOWN' })
    }
    if (req.url === '/health/ready') return json(200, { status: 'ready', checks: { mysql: { status: 'up' } } })
    if (req.url === '/docs/json') {
      return json(200, { openapi: '3.1.0', info: { title: this.name, version: '1' }, paths: { '/venues': { get: { responses: {} } } }, components: { schemas: {} } })
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const key = req.headers['idempotency-key'] as string | undefined
      this.received.push({ method: req.method!, url: req.url!, ...(key ? { key } : {}) })
      if (req.url!.startsWith(this.dropPrefix)) return void req.socket.destroy()
      const answer = () => json(200, { instance: this.name, bytes: Buffer.concat(chunks).length })
      if (req.url!.startsWith(this.holdPrefix)) this.held.push(answer)
      else answer()
    })
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res))
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.once('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve))
    this.port = (server.address() as AddressInfo).port
    this.server = server
    return this
  }

  /** What SIGKILL looks like from outside: the port refuses and open connections break. */
  async kill(): Promise<void> {
    const server = this.server
    this.server = undefined
    if (!server) return
    for (const socket of this.sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  }

  releaseSlow(): void {
    for (const answer of this.held.splice(0)) answer()
  }
}

const PROBE_MS = 100
const a = await new FakeInstance('a').start()
const b = await new FakeInstance('b').start()
const other = await new FakeInstance('other').start()
t.teardown(async () => {
  for (const instance of [a, b, other]) {
    instance.releaseSlow()
    await instance.kill()
  }
})

async function startGateway(env: Record<string, string> = {}): Promise<string> {
  const { app } = await buildGateway(loadGatewayConfig({
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    USER_SERVICE_URL: other.url,
    CONCERT_SERVICE_URL: `${a.url},${b.url}`,
    ORDER_SERVICE_URL: other.url,
    PAYMENT_SERVICE_URL: other.url,
    REVIEW_SERVICE_URL: other.url,
    UPSTREAM_PROBE_INTERVAL_MS: String(PROBE_MS),
    UPSTREAM_PROBE_TIMEOUT_MS: '500',
    ...env,
  }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

const gateway = await startGateway()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Answer { status: number; body: Record<string, unknown>; headers: Headers; ms: number }
async function call(path: string, init: RequestInit = {}, base = gateway): Promise<Answer> {
  const started = Date.now()
  const response = await fetch(`${base}${path}`, init)
  return { status: response.status, body: await response.json() as Record<string, unknown>, headers: response.headers, ms: Date.now() - started }
}
const post = (path: string, headers: Record<string, string> = {}) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"seats":[1]}' })

/** Waits until the gateway's readiness reports `instance` of concert in or out of the rotation. */
async function rotation(instance: 1 | 2, inRotation: boolean, base = gateway): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ready = await call('/health/ready', {}, base)
    const services = ready.body['services'] as Record<string, { instances: Array<{ instance: number; inRotation: boolean }> }>
    if (services['concert']!.instances[instance - 1]!.inRotation === inRotation) return
    await sleep(PROBE_MS / 2)
  }
  throw new Error(`concert instance ${instance} never went ${inRotation ? 'in' : 'out'}`)
}

t.test('idle instances take turns', async (t) => {
  const before = [a.proxied, b.proxied]
  for (let i = 0; i < 20; i++) t.equal((await call(`/venues/${i}`)).status, 200)
  t.equal(a.proxied - before[0]!, 10, 'half to a')
  t.equal(b.proxied - before[1]!, 10, 'half to b')
})

t.test('a busy instance gets no new requests while the other has fewer outstanding', async (t) => {
  b.holdPrefix = '/nothing'
  const held: Array<Promise<Answer>> = []
  const heldOnA = () => a.received.filter((r) => r.url.startsWith('/venues/slow')).length
  // Idle instances take turns, so within two requests one is held by a.
  while (heldOnA() < 1) {
    const x = call(`/venues/slow/${held.length}`)
    held.push(x)
    await Promise.race([x, sleep(200)])
  }
  for (let i = 0; i < 6; i++) t.equal((await call(`/venues/quick/${i}`)).body['instance'], 'b')
  t.equal(a.received.filter((r) => r.url.startsWith('/venues/quick')).length, 0, 'a, with a request outstanding, got none of the next six')
  a.releaseSlow()
  t.same((await Promise.all(held)).filter((x) => x.status !== 200), [], 'the held request is answered once released')
  b.holdPrefix = '/venues/slow'
})

t.test('a killed instance: clients see no error, it leaves the rotation, and comes back when it is up again', async (t) => {
  await a.kill()
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call(`/venues/${i}`)))
  t.same(answers.map((x) => x.status), Array(10).fill(200), 'every request answered by b, refused connections retried at once')
  t.ok(answers.every((x) => x.body['instance'] === 'b'))
  t.ok(Math.max(...answers.map((x) => x.ms)) < 1000, 'no waiting on the dead instance')

  const created = await post('/venues', {})
  t.equal(created.status, 200, 'a POST without a key is retried when the connection was refused: the instance never saw it')
  t.equal(b.received.at(-1)!.method, 'POST')
  await rotation(1, false)

  await a.start()
  await rotation(1, true)
  const before = a.proxied
  for (let i = 0; i < 4; i++) await call(`/venues/${i}`)
  t.ok(a.proxied - before >= 1, 'a takes requests again after a probe found it')
})

t.test('a dropped connection: safe or keyed requests go to the other instance once; a POST without a key is a 503', async (t) => {
  const drops = (instance: FakeInstance) => instance.received.filter((r) => r.url.startsWith('/venues/drop')).length
  // Only a drops: b answers the same paths normally.
  b.dropPrefix = '/nothing'
  const result: Record<string, number> = {}
  for (const [what, send] of [
    ['GET', () => call('/venues/drop/get')],
    ['POST with a key', () => post('/venues/drop/keyed', { 'idempotency-key': randomUUID() })],
  ] as const) {
    // Round robin: two requests in a row reach a at least once.
    for (let i = 0; i < 2; i++) {
      await rotation(1, true)
      const before = drops(a)
      const x = await send()
      t.equal(x.status, 200, `${what}: answered`)
      if (drops(a) > before) {
        t.equal(x.body['instance'], 'b', `${what}: by the other instance after a dropped it`)
        result[what] = (result[what] ?? 0) + 1
      }
    }
  }
  t.same(Object.keys(result).sort(), ['GET', 'POST with a key'], 'each kind met a dropped connection and was retried')

  let refused: Answer | undefined
  for (let i = 0; i < 2 && !refused; i++) {
    await rotation(1, true)
    const beforeA = drops(a)
    const beforeB = drops(b)
    const x = await post('/venues/drop/unkeyed')
    if (drops(a) === beforeA) continue
    refused = x
    t.equal(drops(b), beforeB, 'not replayed on the other instance')
  }
  t.ok(refused, 'a POST without a key met the dropped connection')
  t.equal(refused!.status, 503)
  t.match(refused!.body, { code: 'UPSTREAM_UNAVAILABLE' })
  t.equal(refused!.headers.get('retry-after'), '1')
  t.equal(refused!.headers.get('content-type'), 'application/problem+json; charset=utf-8')
  b.dropPrefix = '/venues/drop'
})

t.test('an instance that fails its liveness probe leaves the rotation although it accepts connections', async (t) => {
  await rotation(1, true)
  for (const live of [503, 'hang'] as const) {
    a.live = live
    await rotation(1, false)
    const before = a.proxied
    for (let i = 0; i < 6; i++) t.equal((await call(`/venues/${i}`)).status, 200)
    t.equal(a.proxied, before, `${live}: no request sent to it`)
    a.live = 200
    await rotation(1, true)
  }
})

t.test('every instance down: each is still tried, then a quick 503', async (t) => {
  await a.kill()
  await b.kill()
  await rotation(1, false)
  await rotation(2, false)
  const x = await call('/venues/1')
  t.equal(x.status, 503)
  t.match(x.body, { code: 'UPSTREAM_UNAVAILABLE', detail: 'concert-service is unavailable; retry shortly' })
  t.ok(x.ms < 1000, 'answered at once')
  const ready = await call('/health/ready')
  t.equal(ready.status, 503)
  t.match(ready.body, { status: 'unavailable', services: { concert: { status: 'unreachable', instances: [{ instance: 1, inRotation: false }, { instance: 2, inRotation: false }] } } })

  await b.start()
  const first = await call('/venues/1')
  t.equal(first.status, 200, 'a restarted instance answers the very next request, before any probe')
  t.equal(first.body['instance'], 'b')
  await a.start()
})

t.test('readiness and the merged OpenAPI document with one instance down', async (t) => {
  await a.kill()
  const ready = await call('/health/ready')
  t.equal(ready.status, 200, 'the service still serves')
  t.match(ready.body, {
    status: 'degraded',
    services: {
      concert: { status: 'degraded', httpStatus: 200, instances: [{ instance: 1, status: 'unreachable' }, { instance: 2, status: 'ready', httpStatus: 200 }] },
      order: { status: 'ready', instances: [{ instance: 1, status: 'ready', inRotation: true }] },
    },
  })
  const docs = await call('/openapi.json')
  t.ok((docs.body['paths'] as Record<string, unknown>)['/venues'], 'the document comes from the instance that answers')
  t.same(docs.body['x-unavailable'], [])
  await a.start()
  await rotation(1, true)
  const whole = await call('/health/ready')
  t.match(whole.body, { status: 'ready', services: { concert: { status: 'ready', instances: [{ inRotation: true }, { inRotation: true }] } } })
})

t.test('configuration: a bad instance list stops the gateway with one line naming the setting', async (t) => {
  await t.rejects(startGateway({ ORDER_SERVICE_URL: 'http://127.0.0.1:1,http://127.0.0.1:1' }), /ORDER_SERVICE_URL an instance is listed twice/)
  await t.rejects(startGateway({ ORDER_SERVICE_URL: 'http://127.0.0.1:1, ,nope' }), /ORDER_SERVICE_URL "nope" is not a URL/)
})
