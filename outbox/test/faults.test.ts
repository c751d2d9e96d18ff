/**
 * Real faults under the consumer runtime, no mocks: the database goes away mid-transaction (a TCP
 * proxy between the consumer and MariaDB is cut, as a restart would), and a consumer group the
 * runtime cannot join (another member holds it with an incompatible protocol, so kafkajs crashes
 * with a non-retriable error and would stay stopped).
 */
import t from 'tap'
import { Kysely, MysqlDialect, sql } from 'kysely'
import { createPool } from 'mysql2'
import { v7 as uuidv7 } from 'uuid'
import { createEventConsumer, createProducer, type EventConsumer, type OutcomeInfo } from '../src/consumer.ts'
import type { OutboxTables } from '../src/migration.ts'
import {
  RecordCollector,
  createTestDatabase,
  createTopics,
  deleteGroups,
  deleteTopics,
  randomSuffix,
  sleep,
  squatGroup,
  startTcpProxy,
  testKafka,
  waitFor,
} from '../src/testing.ts'

interface DB extends OutboxTables {
  effect: { id: number | undefined; event_id: string; reservation_id: string; reason: string }
}

const suffix = randomSuffix()
const tdb = await createTestDatabase<DB>(`outbox_test_faults_${suffix}`)
await sql`CREATE TABLE effect (id BIGINT AUTO_INCREMENT PRIMARY KEY, event_id CHAR(36) NOT NULL,
          reservation_id CHAR(36) NOT NULL, reason VARCHAR(255) NOT NULL)`.execute(tdb.db)
const kafka = testKafka(`outbox-faults-test-${suffix}`)
const topic = (name: string) => `outbox-test-faults-${name}-${suffix}`
const allTopics = ['outage', 'squat'].flatMap((n) => [topic(n), `${topic(n)}.dlq`])
await createTopics(kafka, allTopics)
const producer = createProducer(kafka)
await producer.connect()
const service = `outbox-faults-${suffix}`

const running: EventConsumer[] = []
const cleanups: Array<() => Promise<unknown>> = []
t.teardown(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined)
  await Promise.allSettled(running.map((c) => c.stop()))
  await producer.disconnect()
  await deleteGroups(kafka, running.flatMap((c) => c.groups.map((g) => g.groupId)))
  await deleteTopics(kafka, allTopics)
  await tdb.drop()
})

async function produce(topicName: string, reservationId: string, reason: string): Promise<string> {
  const id = uuidv7()
  await producer.send({
    topic: topicName,
    acks: -1,
    messages: [{
      key: reservationId,
      value: JSON.stringify({ reservationId, reason, occurredAt: new Date().toISOString() }),
      headers: { id, eventType: 'ReservationRollbackEvent' },
    }],
  })
  return id
}

const effectsOf = async (eventId: string) =>
  (await tdb.db.selectFrom('effect').select('id').where('event_id', '=', eventId).execute()).length

t.test('a database outage mid-transaction is retried until the database is back: applied once, nothing dead-lettered', async (t) => {
  const proxy = await startTcpProxy({ host: process.env.MYSQL_HOST ?? '127.0.0.1', port: Number(process.env.MYSQL_PORT ?? 3307) })
  cleanups.push(() => proxy.close())
  const viaProxy = new Kysely<DB>({
    dialect: new MysqlDialect({
      pool: createPool({
        host: '127.0.0.1', port: proxy.port, user: 'root', password: process.env.MYSQL_ROOT_PASSWORD,
        database: tdb.name, timezone: 'Z', connectionLimit: 10, connectTimeout: 2_000,
      }),
    }),
  })
  cleanups.push(() => viaProxy.destroy())
  const tp = topic('outage')
  const dlq = await RecordCollector.start(kafka, `${tp}.dlq`)
  cleanups.push(() => dlq.stop())

  let inSlowHandler!: () => void
  const slowEntered = new Promise<void>((r) => (inSlowHandler = r))
  const outcomes: OutcomeInfo[] = []
  const c = createEventConsumer<DB>({
    kafka,
    db: viaProxy,
    service,
    groupId: (x) => `${service}.${x}`,
    topics: { ReservationRollbackEvent: tp },
    onOutcome: (o) => outcomes.push(o),
    handlers: {
      ReservationRollbackEvent: async (trx, ev, ctx) => {
        await trx.insertInto('effect').values({ event_id: ctx.eventId, reservation_id: ev.reservationId, reason: ev.reason }).execute()
        if (ev.reason === 'slow' && ctx.attempt === 1) {
          inSlowHandler()
          await sleep(1_500) // the database goes away while this transaction is open
        }
        return { outcome: 'applied' }
      },
    },
  })
  running.push(c)
  await c.start()
  await c.waitReady()
  const warm = await produce(tp, uuidv7(), 'warm')
  await waitFor(() => outcomes.some((o) => o.eventId === warm), { what: 'a first record through the proxy' })

  const slow = await produce(tp, uuidv7(), 'slow')
  await slowEntered
  await proxy.cut()
  const cutAt = Date.now()
  const during = await Promise.all([1, 2, 3, 4, 5].map((i) => produce(tp, uuidv7(), `during-${i}`)))
  await sleep(5_000)
  t.equal(outcomes.filter((o) => o.eventId !== warm).length, 0, 'nothing finished while the database was away')
  t.ok(c.health().groups[0]!.pausedPartitions.length > 0, `partitions held for retry: ${c.health().groups[0]!.pausedPartitions.join(',')}`)
  t.ok(c.health().healthy, 'the consumer itself stays healthy')
  await proxy.restore()
  const restoredAt = Date.now()

  const all = [slow, ...during]
  await waitFor(() => all.every((id) => outcomes.some((o) => o.eventId === id)), { timeoutMs: 60_000, what: 'every record handled after the outage' })
  const drainedMs = Date.now() - restoredAt
  t.comment(`database away ${restoredAt - cutAt} ms; every held record applied ${drainedMs} ms after it was back`)
  for (const id of all) t.equal(await effectsOf(id), 1, `${id} applied exactly once`)
  t.same([...new Set(outcomes.filter((o) => all.includes(o.eventId!)).map((o) => o.outcome))], ['applied'])
  const slowOutcome = outcomes.find((o) => o.eventId === slow)!
  t.ok(slowOutcome.attempts > 1, `the interrupted record was retried (${slowOutcome.attempts} attempts)`)
  t.ok(drainedMs < 10_000, `drained within 10 s of the database coming back (${drainedMs} ms)`)
  await sleep(500)
  t.equal(dlq.records.length, 0, 'the DLQ topic is empty')
  await c.stop()
})

t.test('a group kafkajs cannot join: the runtime keeps recreating the consumer, health says so, and it resumes once it can', async (t) => {
  const tp = topic('squat')
  const groupId = `${service}.${tp}`
  // another member holds the group with a protocol no runtime consumer speaks: joining fails with
  // INCONSISTENT_GROUP_PROTOCOL, a crash kafkajs does not restart from
  const squatter = await squatGroup(kafka, groupId, tp)
  cleanups.push(() => squatter.release())

  const outcomes: OutcomeInfo[] = []
  const c = createEventConsumer<DB>({
    kafka,
    db: tdb.db,
    service,
    groupId: () => groupId,
    topics: { ReservationRollbackEvent: tp },
    supervision: { graceMs: 3_000, restartMinMs: 300, restartMaxMs: 1_000 },
    onOutcome: (o) => outcomes.push(o),
    handlers: {
      ReservationRollbackEvent: async (trx, ev, ctx) => {
        await trx.insertInto('effect').values({ event_id: ctx.eventId, reservation_id: ev.reservationId, reason: ev.reason }).execute()
      },
    },
  })
  running.push(c)
  await c.start()
  await waitFor(() => !c.health().healthy, { timeoutMs: 20_000, what: 'health to turn unhealthy after the grace period' })
  const g = c.health().groups[0]!
  t.equal(c.ready(), false, 'not ready')
  t.equal(g.consuming, false)
  t.ok(g.downForMs! >= 3_000, `not consuming for ${g.downForMs} ms`)
  await waitFor(() => c.health().groups[0]!.restarts >= 2, { timeoutMs: 20_000, what: 'the consumer to be recreated again and again' })
  t.match(c.health().groups[0]!.lastError, /protocol/i, `last error: ${c.health().groups[0]!.lastError}`)

  const id = await produce(tp, uuidv7(), 'after-squat')
  await squatter.release()
  await waitFor(() => c.ready(), { timeoutMs: 60_000, what: 'the runtime to join once the group is free' })
  t.ok(c.health().healthy, 'healthy again')
  await waitFor(() => outcomes.some((o) => o.eventId === id && o.outcome === 'applied'), { what: 'the waiting record applied' })
  t.equal(await effectsOf(id), 1)
  await c.stop()
  t.equal(c.health().groups[0]!.state, 'stopped')
})
