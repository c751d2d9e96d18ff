/**
 * Which failures are outages (503 with Retry-After) and which dependency failed, on errors the real
 * clients raise: mysql2 against a closed port, a server that never answers, a cut connection, a
 * killed connection, a closed pool, lock waits, deadlocks and a full pool; ioredis against a closed
 * port and a cut connection; kafkajs against a closed port. Anything else stays a 500.
 */
import { createServer, type Socket } from 'node:net'
import t, { type Test } from 'tap'
import { Redis, ReplyError } from 'ioredis'
import { sql, type Kysely } from 'kysely'
import { createRequire } from 'node:module'
import { classifyFailure } from '@concert/outbox'
import { createTestDatabase, randomSuffix, startTcpProxy } from '@concert/outbox/testing'
import { DatabaseConnectionTimeout, classifyOutage, createDatabase, dependencyOf } from '../src/index.ts'

// kafkajs is the consumer runtime's dependency, not the platform's: the same copy @concert/outbox uses.
const kafkajs = createRequire(import.meta.resolve('@concert/outbox'))('kafkajs') as {
  Kafka: new (config: object) => { producer(): { connect(): Promise<void> } }
  logLevel: { NOTHING: number }
}
const tdb = await createTestDatabase(`platform_test_outages_${randomSuffix()}`)
t.teardown(() => tdb.drop())
const mysqlHost = process.env.MYSQL_HOST ?? '127.0.0.1'
const mysqlPort = Number(process.env.MYSQL_PORT ?? 3307)
const rootUrl = (host: string, port: number, database = tdb.name) =>
  `mysql://root:${encodeURIComponent(process.env.MYSQL_ROOT_PASSWORD ?? '')}@${host}:${port}/${database}`

const caught = async (fn: () => Promise<unknown>): Promise<unknown> => {
  try {
    await fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

/** A port nothing listens on: what a stopped MariaDB or Redis looks like to a new connection. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Accepts connections and never says a word: a paused or wedged server. */
async function silentServer() {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => { sockets.add(socket); socket.on('error', () => undefined) })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()) }),
  }
}

const expectOutage = (t: Test, error: unknown, code: string, dependency: string, what: string) => {
  const outage = classifyOutage(error)
  t.match(outage, { code, dependency, retryAfterSeconds: Number }, `${what}: ${(error as Error).message}`)
  t.ok(outage!.retryAfterSeconds >= 1 && outage!.retryAfterSeconds <= 5, `${what}: Retry-After of a few seconds`)
  t.equal(dependencyOf(error), dependency, `${what}: ${dependency}`)
}

t.test('MySQL unreachable, lost or killed: 503 DATABASE_UNAVAILABLE; a pool closed under a request: 503 SHUTTING_DOWN', async (t) => {
  const refusedDb = createDatabase({ url: rootUrl('127.0.0.1', await closedPort()) })
  const refused = await caught(() => sql`SELECT 1`.execute(refusedDb))
  await refusedDb.destroy()
  expectOutage(t, refused, 'DATABASE_UNAVAILABLE', 'database', 'connection refused')

  const silent = await silentServer()
  const wedgedDb = createDatabase({ url: rootUrl('127.0.0.1', silent.port), connectTimeoutMs: 300 })
  const started = Date.now()
  const wedged = await caught(() => sql`SELECT 1`.execute(wedgedDb))
  t.ok(Date.now() - started < 2_000, `a server that never answers fails within the connect timeout (${Date.now() - started} ms)`)
  await wedgedDb.destroy()
  await silent.close()
  expectOutage(t, wedged, 'DATABASE_UNAVAILABLE', 'database', 'handshake timeout')

  const proxy = await startTcpProxy({ host: mysqlHost, port: mysqlPort })
  const cutDb = createDatabase({ url: rootUrl('127.0.0.1', proxy.port) })
  t.teardown(() => cutDb.destroy())
  await sql`SELECT 1`.execute(cutDb)
  const inFlight = caught(() => sql`SELECT SLEEP(5)`.execute(cutDb))
  await new Promise((resolve) => setTimeout(resolve, 200))
  await proxy.cut()
  expectOutage(t, await inFlight, 'DATABASE_UNAVAILABLE', 'database', 'connection lost mid-query')
  expectOutage(t, await caught(() => sql`SELECT 1`.execute(cutDb)), 'DATABASE_UNAVAILABLE', 'database', 'reconnect refused')
  await proxy.close()

  const victim = createDatabase({ url: rootUrl(mysqlHost, mysqlPort), connectionLimit: 1 })
  const id = (await sql<{ id: number }>`SELECT CONNECTION_ID() AS id`.execute(victim)).rows[0]!.id
  const killedQuery = caught(() => sql`SELECT SLEEP(5)`.execute(victim))
  await new Promise((resolve) => setTimeout(resolve, 200))
  await sql`KILL CONNECTION ${sql.raw(String(id))}`.execute(tdb.db)
  expectOutage(t, await killedQuery, 'DATABASE_UNAVAILABLE', 'database', 'connection killed (as by a server shutdown)')
  await victim.destroy()
  expectOutage(t, await caught(() => sql`SELECT 1`.execute(victim)), 'SHUTTING_DOWN', 'database', 'a request still running while the instance closes its pool')
})

t.test('a request waits for a pooled connection for a bounded time: 503, transient for consumers too', async (t) => {
  const small = createDatabase({ url: rootUrl(mysqlHost, mysqlPort), connectionLimit: 1, acquireTimeoutMs: 300 })
  t.teardown(() => small.destroy())
  const busy = sql`SELECT SLEEP(1)`.execute(small)
  const started = Date.now()
  const waited = await caught(() => sql`SELECT 1`.execute(small))
  const ms = Date.now() - started
  t.type(waited, DatabaseConnectionTimeout)
  t.ok(ms >= 250 && ms < 900, `gave up after the acquire timeout (${ms} ms)`)
  expectOutage(t, waited, 'DATABASE_UNAVAILABLE', 'database', 'acquire timeout')
  t.equal(classifyFailure(waited), 'transient', 'the consumer runtime retries it')
  await busy
  t.same((await sql<{ one: number }>`SELECT 1 AS one`.execute(small)).rows, [{ one: 1 }], 'the connection handed over late went back to the pool')
})

t.test('lock wait timeout and deadlock: 503 DATABASE_BUSY', async (t) => {
  const a = createDatabase<any>({ url: rootUrl(mysqlHost, mysqlPort) })
  const b = createDatabase<any>({ url: rootUrl(mysqlHost, mysqlPort) })
  t.teardown(async () => { await a.destroy(); await b.destroy() })
  await sql`CREATE TABLE lockme (id INT PRIMARY KEY, v INT)`.execute(a)
  await sql`INSERT INTO lockme VALUES (1, 0), (2, 0)`.execute(a)

  const waitTimeout = await caught(() => a.transaction().execute(async (ta: Kysely<any>) => {
    await sql`UPDATE lockme SET v = 1 WHERE id = 1`.execute(ta)
    await b.transaction().execute(async (tb: Kysely<any>) => {
      await sql`SET SESSION innodb_lock_wait_timeout = 1`.execute(tb)
      await sql`UPDATE lockme SET v = 2 WHERE id = 1`.execute(tb)
    })
  }))
  expectOutage(t, waitTimeout, 'DATABASE_BUSY', 'database', 'lock wait timeout')

  const step = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  const results = await Promise.allSettled([
    a.transaction().execute(async (ta: Kysely<any>) => {
      await sql`SELECT * FROM lockme WHERE id = 1 FOR UPDATE`.execute(ta)
      await step(300)
      await sql`SELECT * FROM lockme WHERE id = 2 FOR UPDATE`.execute(ta)
    }),
    b.transaction().execute(async (tb: Kysely<any>) => {
      await sql`SELECT * FROM lockme WHERE id = 2 FOR UPDATE`.execute(tb)
      await step(300)
      await sql`SELECT * FROM lockme WHERE id = 1 FOR UPDATE`.execute(tb)
    }),
  ])
  const deadlock = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined
  t.ok(deadlock, 'one of two crossing transactions is chosen as the deadlock victim')
  expectOutage(t, deadlock?.reason, 'DATABASE_BUSY', 'database', 'deadlock')
})

t.test('Redis unreachable, cut or loading: 503 SERVICE_UNAVAILABLE (redis)', async (t) => {
  const closed = new Redis({ port: await closedPort(), enableOfflineQueue: false, lazyConnect: false, retryStrategy: () => 200 })
  closed.on('error', () => undefined)
  expectOutage(t, await caught(() => closed.get('k')), 'SERVICE_UNAVAILABLE', 'redis', 'no offline queue while down')
  closed.disconnect()

  const queued = new Redis({ port: await closedPort(), maxRetriesPerRequest: 0, retryStrategy: () => 50 })
  queued.on('error', () => undefined)
  const maxRetries = await caught(() => queued.get('k'))
  t.equal((maxRetries as Error).name, 'MaxRetriesPerRequestError', 'ioredis gives up after its retries')
  expectOutage(t, maxRetries, 'SERVICE_UNAVAILABLE', 'redis', 'max retries per request')
  queued.disconnect()

  const proxy = await startTcpProxy({ host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6380) })
  const url = new URL(process.env.USER_REDIS_URL!)
  url.host = `127.0.0.1:${proxy.port}`
  const cut = new Redis(url.toString(), { keyPrefix: 'user:', enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500, retryStrategy: () => 200 })
  cut.on('error', () => undefined)
  await new Promise((resolve) => cut.once('ready', resolve))
  await cut.set(`outage-test:${randomSuffix()}`, '1', 'EX', 10)
  const blocked = caught(() => cut.blpop(`outage-test:${randomSuffix()}`, 5))
  await new Promise((resolve) => setTimeout(resolve, 100))
  await proxy.cut()
  expectOutage(t, await blocked, 'SERVICE_UNAVAILABLE', 'redis', 'connection cut mid-command')
  expectOutage(t, await caught(() => cut.get('k')), 'SERVICE_UNAVAILABLE', 'redis', 'while reconnecting')
  cut.disconnect()
  await proxy.close()

  expectOutage(t, new ReplyError('LOADING Redis is loading the dataset in memory'), 'SERVICE_UNAVAILABLE', 'redis', 'restarting Redis replaying its AOF')
})

t.test('Kafka unreachable: 503 SERVICE_UNAVAILABLE (broker)', async (t) => {
  const kafka = new kafkajs.Kafka({ brokers: [`127.0.0.1:${await closedPort()}`], retry: { retries: 0 }, logLevel: kafkajs.logLevel.NOTHING })
  const producer = kafka.producer()
  expectOutage(t, await caught(() => producer.connect()), 'SERVICE_UNAVAILABLE', 'broker', 'broker refused')
})

t.test('bugs and client mistakes are not outages', async (t) => {
  await sql`CREATE TABLE uniq (id INT PRIMARY KEY)`.execute(tdb.db)
  await sql`INSERT INTO uniq VALUES (1)`.execute(tdb.db)
  const cases: Array<[string, unknown]> = [
    ['duplicate key', await caught(() => sql`INSERT INTO uniq VALUES (1)`.execute(tdb.db))],
    ['syntax error', await caught(() => sql`SELEC 1`.execute(tdb.db))],
    ['unknown table', await caught(() => sql`SELECT * FROM nowhere`.execute(tdb.db))],
    ['no result', await caught(() => tdb.db.selectFrom('uniq' as never).selectAll().where('id' as never, '=', 2 as never).executeTakeFirstOrThrow())],
    ['Redis permission', new ReplyError("NOPERM this user has no permissions to access one of the keys used as arguments")],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ]
  for (const [what, error] of cases) t.equal(classifyOutage(error), undefined, `${what}: stays a 500 (${(error as Error).message})`)
})
