import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { buildGateway } from '../app.ts'
import { loadGatewayConfig } from '../config.ts'
import { upstreamTimeoutMs } from '../domain/long-poll.ts'

t.test('a GET with ?wait= gets its wait on top of the upstream timeout, capped at 30 s', async (t) => {
  t.equal(upstreamTimeoutMs('GET', '/reservations/x', 15_000), 15_000)
  t.equal(upstreamTimeoutMs('GET', '/reservations/x?wait=20&status=PENDING', 15_000), 35_000)
  t.equal(upstreamTimeoutMs('GET', '/reservations/x?status=HELD&wait=30', 15_000), 45_000)
  t.equal(upstreamTimeoutMs('GET', '/payments/x?wait=999', 15_000), 45_000, 'the service refuses more than 30 anyway')
  t.equal(upstreamTimeoutMs('GET', '/payments/x?wait=abc', 15_000), 15_000)
  t.equal(upstreamTimeoutMs('GET', '/payments/x?nowait=5', 15_000), 15_000)
  t.equal(upstreamTimeoutMs('POST', '/payments?wait=5', 15_000), 15_000, 'only reads wait')
})

t.test('through the gateway a long-poll that outlasts UPSTREAM_TIMEOUT_MS is answered, a plain slow read is a 504', async (t) => {
  // An order-service stand-in that answers every request after 800 ms.
  const upstream = createServer((_req, res) => {
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"HELD"}'), 800)
  })
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => upstream.close(resolve)))
  const config = loadGatewayConfig({
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    ORDER_SERVICE_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    UPSTREAM_TIMEOUT_MS: '300',
  })
  const { app } = await buildGateway(config)
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

  const waited = await fetch(`${base}/reservations/00000000-0000-4000-8000-000000000001?wait=1&status=PENDING`)
  t.equal(waited.status, 200)
  t.same(await waited.json(), { status: 'HELD' })
  const plain = await fetch(`${base}/reservations/00000000-0000-4000-8000-000000000001`)
  t.equal(plain.status, 504)
  t.equal(((await plain.json()) as { code: string }).code, 'UPSTREAM_TIMEOUT')
})
