/**
 * Failure classes of the consumer runtime, on errors the real clients raise (MariaDB, a refused
 * connection, kafkajs) and on the shapes ioredis errors take (it sets no codes; the runtime reads the
 * message or the name).
 */
import t from 'tap'
import { createServer } from 'node:net'
import { Kysely, MysqlDialect, sql } from 'kysely'
import { createPool } from 'mysql2'
import kafkajs from 'kafkajs'
import { EventValidationError } from '../src/catalog.ts'
import { PermanentError, TransientError, classifyFailure, isDuplicateKey } from '../src/errors.ts'
import { createTestDatabase, randomSuffix } from '../src/testing.ts'

const { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } = kafkajs
const tdb = await createTestDatabase(`outbox_test_errors_${randomSuffix()}`)
t.teardown(() => tdb.drop())

const caught = async (fn: () => Promise<unknown>) => {
  try {
    await fn()
  } catch (err) {
    return err
  }
  throw new Error('expected a failure')
}

t.test('database errors', async (t) => {
  await sql`CREATE TABLE k (id INT PRIMARY KEY)`.execute(tdb.db)
  await sql`INSERT INTO k VALUES (1)`.execute(tdb.db)
  const dup = await caught(() => sql`INSERT INTO k VALUES (1)`.execute(tdb.db))
  t.ok(isDuplicateKey(dup), 'duplicate key is 1062')
  t.equal(classifyFailure(dup), 'failure', 'a duplicate the handler did not expect is an ordinary failure')
  const syntax = await caught(() => sql`SELEC 1`.execute(tdb.db))
  t.equal(classifyFailure(syntax), 'failure', 'a bad query fails the same way every time')

  // a port nobody listens on: what a restarting MariaDB looks like to a new connection
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((r) => server.close(() => r()))
  const down = new Kysely<unknown>({ dialect: new MysqlDialect({ pool: createPool({ host: '127.0.0.1', port, user: 'x', connectTimeout: 1000 }) }) })
  const refused = await caught(() => sql`SELECT 1`.execute(down))
  await down.destroy()
  t.equal(classifyFailure(refused), 'transient', `refused connection: ${(refused as Error).message}`)
})

t.test('broker, Redis and explicit classes', async (t) => {
  const unknownMember = new KafkaJSProtocolError({ type: 'UNKNOWN_MEMBER_ID', code: 25, retriable: false, message: 'The coordinator is not aware of this member' } as never)
  t.equal(classifyFailure(new KafkaJSNumberOfRetriesExceeded(new Error('Connection error'), { retryCount: 5, retryTime: 1000 })), 'transient')
  t.equal(classifyFailure(new Error('wrapped', { cause: new KafkaJSNumberOfRetriesExceeded(new Error('timeout'), { retryCount: 1, retryTime: 1 }) })), 'transient', 'through the cause chain')
  t.equal(classifyFailure(unknownMember), 'failure', 'a protocol error kafkajs calls non-retriable is not transient by itself')
  for (const message of [
    "Stream isn't writeable and enableOfflineQueue options is false",
    'Connection is closed.',
    'Command timed out',
    'LOADING Redis is loading the dataset in memory',
    'READONLY You can\'t write against a read only replica.',
  ]) t.equal(classifyFailure(new Error(message)), 'transient', message)
  const maxRetries = Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' })
  t.equal(classifyFailure(maxRetries), 'transient')
  t.equal(classifyFailure(new Error('NOPERM this user has no permissions')), 'failure', 'a permission error does not pass by waiting')
  t.equal(classifyFailure(new TransientError('later')), 'transient')
  t.equal(classifyFailure(new PermanentError('never')), 'permanent')
  t.equal(classifyFailure(new EventValidationError('SeatReservedEvent', [])), 'permanent')
  t.equal(classifyFailure(new AggregateError([Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })])), 'transient', 'AggregateError of refused addresses')
  t.equal(classifyFailure(new TypeError('cannot read properties of undefined')), 'failure')
})
