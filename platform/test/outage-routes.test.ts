/**
 * A service app on the platform's own MySQL pool and Redis client, both reached through TCP proxies
 * the test cuts like a restart would. While MySQL is away every route that needs it answers 503
 * problem+json with Retry-After within seconds (never a 500, never a hang), logged as one warn line
 * without a stack; a Redis cache falls back to MySQL and a route that needs Redis is a 503; once the
 * part is back the same routes answer again with no restart.
 */
import { createServer, type Server, type Socket } from 'node:net'
import { Writable } from 'node:stream'
import t, { type Test } from 'tap'
import { createLocalJWKSet, exportJWK, generateKeyPair } from 'jose'
import { sql } from 'kysely'
import pino from 'pino'
import { Type } from 'typebox'
import { createTestDatabase, randomSuffix, startTcpProxy, waitFor } from '@concert/outbox/testing'
import { createDatabase, createRedis, createServiceApp } from '../src/index.ts'

const suffix = randomSuffix()
const tdb = await createTestDatabase<any>(`platform_test_outage_routes_${suffix}`)
await sql`CREATE TABLE thing (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)`.execute(tdb.db)
await sql`INSERT INTO thing VALUES (1, 'one')`.execute(tdb.db)

const mysqlProxy = await startTcpProxy({ host: process.env.MYSQL_HOST ?? '127.0.0.1', port: Number(process.env.MYSQL_PORT ?? 3307) })
const redisProxy = await startTcpProxy({ host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6380) })
const password = encodeURIComponent(process.env.MYSQL_ROOT_PASSWORD ?? '')
const redisUrl = new URL(process.env.USER_REDIS_URL!)
redisUrl.host = `127.0.0.1:${redisProxy.port}`

const lines: Array<Record<string, unknown>> = []
const logger = pino({ level: 'info' }, new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done() } }))
const db = createDatabase<any>({ url: `mysql://root:${password}@127.0.0.1:${mysqlProxy.port}/${tdb.name}` })
// user-service's Redis account, under a prefix of this test's own
const redis = createRedis({ url: redisUrl.toString(), keyPrefix: `user:outage-test:${suffix}:`, logger })

const { publicKey } = await generateKeyPair('ES256')
const app = await createServiceApp({
  service: 'platform-outage-test',
  title: 'outage test',
  description: 'test',
  logger,
  keys: createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' }] }),
  readiness: {},
})
app.get('/things/:id', { schema: { params: Type.Object({ id: Type.Integer() }) } }, async (request) =>
  db.selectFrom('thing').selectAll().where('id', '=', request.params.id).executeTakeFirstOrThrow())
app.post('/things', { schema: { body: Type.Object({ id: Type.Integer(), name: Type.String() }) } }, async (request, reply) => {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('thing').values(request.body).execute()
    await trx.updateTable('thing').set({ name: 'touched' }).where('id', '=', 1).execute()
  })
  return reply.code(201).send(request.body)
})
// Redis is the state here (like the waiting room): nothing to fall back to.
app.post('/counter', async () => ({ value: await redis.incr('counter') }))
// Redis is a cache here: MySQL answers when it is away.
app.get('/cached/:id', { schema: { params: Type.Object({ id: Type.Integer() }) } }, async (request) => {
  const cached = await redis.get(`thing:${request.params.id}`).catch(() => null)
  if (cached) return { ...JSON.parse(cached), source: 'redis' }
  const row = await db.selectFrom('thing').selectAll().where('id', '=', request.params.id).executeTakeFirstOrThrow()
  await redis.set(`thing:${request.params.id}`, JSON.stringify(row), 'EX', 60).catch(() => undefined)
  return { ...row, source: 'mysql' }
})
await app.ready()
await waitFor(() => redis.status === 'ready', { what: 'redis ready' })
t.teardown(async () => {
  await app.close()
  redis.disconnect()
  await db.destroy()
  await mysqlProxy.close()
  await redisProxy.close()
  await tdb.drop()
})

const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
  const started = Date.now()
  const response = await app.inject({ method, url, ...(payload ? { payload } : {}) })
  return { status: response.statusCode, headers: response.headers, body: response.json(), ms: Date.now() - started }
}
type Answer = Awaited<ReturnType<typeof call>>

const isOutage = (t: Test, answer: Answer, code: string, what: string) => {
  t.equal(answer.status, 503, `${what}: 503`)
  t.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8', `${what}: problem+json`)
  t.match(answer.body, { status: 503, code, title: 'Service Unavailable', detail: String, type: String, instance: String }, `${what}: ${code}`)
  t.ok(Number(answer.headers['retry-after']) >= 1 && Number(answer.headers['retry-after']) <= 5, `${what}: Retry-After ${answer.headers['retry-after']}`)
  t.notMatch(JSON.stringify(answer.body), /ECONN|mysql|redis|stack|127\.0\.0\.1/i, `${what}: says nothing internal`)
}

t.test('MySQL cut: every MySQL route is a 503 with Retry-After at once; a Redis-cached read still answers', async (t) => {
  t.equal((await call('GET', '/cached/1')).body.source, 'mysql', 'the cache is filled while MySQL is up')
  lines.length = 0
  await mysqlProxy.cut()
  const answers: Array<[string, Answer]> = [
    ['read', await call('GET', '/things/1')],
    ['transactional write', await call('POST', '/things', { id: 2, name: 'two' })],
    ['read again', await call('GET', '/things/1')],
  ]
  for (const [what, answer] of answers) {
    isOutage(t, answer, 'DATABASE_UNAVAILABLE', what)
    t.ok(answer.ms < 1_000, `${what}: answered in ${answer.ms} ms`)
  }
  t.equal((await call('GET', '/cached/1')).body.source, 'redis', 'a cached read does not need MySQL')
  const warned = lines.filter((line) => line.msg === 'database unavailable; answered 503')
  t.equal(warned.length, answers.length, 'one log line per failed request')
  t.ok(warned.every((line) => line.level === 40 && line.code === 'DATABASE_UNAVAILABLE'), 'at warn, with the code')
  t.notOk(JSON.stringify(warned).includes('    at '), 'without a stack')
  t.equal(lines.filter((line) => Number(line.level) >= 50).length, 0, 'no error-level lines')

  await mysqlProxy.restore()
  t.same((await call('GET', '/things/1')).body, { id: 1, name: 'one' }, 'reads answer again with no restart')
  t.equal((await call('POST', '/things', { id: 2, name: 'two' })).status, 201, 'writes too')
  const rows = await tdb.db.selectFrom('thing').selectAll().orderBy('id').execute()
  t.same(rows, [{ id: 1, name: 'touched' }, { id: 2, name: 'two' }], 'the write refused during the outage left nothing behind; the retry wrote once')
})

t.test('MySQL accepting connections but never answering (paused): a 503 within the connect timeout, not a hang', async (t) => {
  // Every pooled connection is dropped, then the port answers TCP and says nothing, like a SIGSTOPped MariaDB.
  await mysqlProxy.cut()
  const silent = await listenSilently(mysqlProxy.port)
  const answers = await Promise.all([1, 2, 3].map(() => call('GET', '/things/1')))
  for (const [i, answer] of answers.entries()) {
    isOutage(t, answer, 'DATABASE_UNAVAILABLE', `request ${i + 1}`)
    t.ok(answer.ms < 5_000, `request ${i + 1}: answered in ${answer.ms} ms (connect timeout 3 s)`)
  }
  await silent.close()
  await mysqlProxy.restore()
  t.equal((await call('GET', '/things/1')).status, 200, 'answers again once MySQL does')
})

t.test('Redis cut: a route that needs Redis is a 503, a cache falls back to MySQL; both recover by themselves', async (t) => {
  t.equal((await call('POST', '/counter')).status, 200, 'the Redis route answers while Redis is up')
  await redisProxy.cut()
  const counter = await call('POST', '/counter')
  isOutage(t, counter, 'SERVICE_UNAVAILABLE', 'Redis-backed route')
  t.ok(counter.ms < 1_000, `answered in ${counter.ms} ms`)
  const cached = await call('GET', '/cached/1')
  t.equal(cached.status, 200, 'the cached route answers')
  t.equal(cached.body.source, 'mysql', 'from MySQL')

  await redisProxy.restore()
  const back = await waitFor(async () => {
    const answer = await call('POST', '/counter')
    return answer.status === 200 ? answer : undefined
  }, { what: 'the Redis route to answer again', timeoutMs: 10_000 })
  t.ok(back.body.value >= 2, 'the counter kept its value')
})

async function listenSilently(port: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => { sockets.add(socket); socket.on('error', () => undefined) })
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', () => resolve()) })
  return { close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()) }) }
}
