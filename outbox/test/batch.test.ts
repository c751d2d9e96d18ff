/**
 * Batches against the real Kafka and MariaDB: a fetched batch is applied in one transaction, a poison
 * record or a failing handler in its middle is handled alone (dead-lettered) while every other record
 * applies exactly once, and a process killed between the batch's commit and its offset commit has the
 * batch redelivered and changes nothing.
 */
import t from 'tap'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { createEventConsumer, createProducer, type EventConsumer, type OutcomeInfo } from '../src/consumer.ts'
import type { OutboxTables } from '../src/migration.ts'
import {
  RecordCollector, createTestDatabase, createTopics, deleteGroups, deleteTopics, randomSuffix, testKafka, waitFor,
} from '../src/testing.ts'

interface DB extends OutboxTables {
  effect: { id: number | undefined; event_id: string; reservation_id: string; reason: string }
}

const suffix = randomSuffix()
const tdb = await createTestDatabase<DB>(`outbox_test_batch_${suffix}`)
const { db } = tdb
await sql`CREATE TABLE effect (id BIGINT AUTO_INCREMENT PRIMARY KEY, event_id CHAR(36) NOT NULL,
          reservation_id CHAR(36) NOT NULL, reason VARCHAR(255) NOT NULL)`.execute(db)
const kafka = testKafka(`outbox-batch-test-${suffix}`)
const topic = (name: string) => `outbox-test-batch-${name}-${suffix}`
const allTopics = ['poison', 'crash'].flatMap((n) => [topic(n), `${topic(n)}.dlq`])
await createTopics(kafka, allTopics)
const producer = createProducer(kafka)
await producer.connect()
const service = `outbox-batch-${suffix}`
const groupOf = (tp: string) => `${service}.${tp}`

const running: EventConsumer[] = []
t.teardown(async () => {
  await Promise.allSettled(running.map((c) => c.stop()))
  await producer.disconnect()
  await deleteGroups(kafka, allTopics.map(groupOf))
  await deleteTopics(kafka, allTopics)
  await tdb.drop()
})

interface Rec { reason: string; raw?: string }
/** Sends the records in ONE produce request to partition 0, so the consumer fetches them as one batch. */
async function produceBatch(tp: string, reservationId: string, recs: Rec[]): Promise<string[]> {
  const ids = recs.map(() => uuidv7())
  await producer.send({
    topic: tp,
    acks: -1,
    messages: recs.map((r, i) => ({
      key: reservationId,
      partition: 0,
      value: r.raw ?? JSON.stringify({ reservationId, reason: r.reason, occurredAt: new Date().toISOString() }),
      headers: { id: ids[i]!, eventType: 'ReservationRollbackEvent' },
    })),
  })
  return ids
}

const effectsOf = async (eventId: string) => (await db.selectFrom('effect').select('id').where('event_id', '=', eventId).execute()).length
const processedAt = async (ids: string[]) =>
  (await db.selectFrom('processed_event').select(sql<string>`CAST(processed_at AS CHAR)`.as('at')).where('event_id', 'in', ids).execute()).map((r) => r.at)

t.test('a poison record and a failing handler in the middle of a batch are dead-lettered alone; the rest applies once', async (t) => {
  const tp = topic('poison')
  const dlq = await RecordCollector.start(kafka, `${tp}.dlq`)
  t.teardown(() => dlq.stop())
  const rid = uuidv7()
  const recs: Rec[] = [
    { reason: 'a1' }, { reason: 'a2' }, { reason: 'a3' }, { reason: 'a4' },
    { reason: 'not-json', raw: '{"reservationId": ' },
    { reason: 'b1' }, { reason: 'b2' }, { reason: 'boom' }, { reason: 'b3' }, { reason: 'b4' },
  ]
  const ids = await produceBatch(tp, rid, recs)
  const idOf = (reason: string) => ids[recs.findIndex((r) => r.reason === reason)]!
  const good = recs.filter((r) => !['not-json', 'boom'].includes(r.reason)).map((r) => idOf(r.reason))

  const outcomes: OutcomeInfo[] = []
  const afterCommit: string[] = []
  const c = createEventConsumer<DB>({
    kafka, db, service,
    groupId: groupOf,
    topics: { ReservationRollbackEvent: tp },
    retry: { attempts: 3, initialMs: 20, maxMs: 200 },
    onOutcome: (o) => outcomes.push(o),
    handlers: {
      ReservationRollbackEvent: async (trx, ev, ctx) => {
        await trx.insertInto('effect').values({ event_id: ctx.eventId, reservation_id: ev.reservationId, reason: ev.reason }).execute()
        if (ev.reason === 'boom') throw new Error('boom: this event fails the same way every time')
        ctx.afterCommit(() => { afterCommit.push(ev.reason) })
        return { outcome: 'applied' }
      },
    },
  })
  running.push(c)
  await c.start()
  await waitFor(() => good.every((id) => outcomes.some((o) => o.eventId === id && o.outcome === 'applied')), {
    timeoutMs: 60_000, what: 'every good record applied',
  })
  const dead = await dlq.waitForCount(2)
  await c.stop()

  for (const id of good) t.equal(await effectsOf(id), 1, `${recs[ids.indexOf(id)]!.reason} applied exactly once`)
  t.equal(await effectsOf(idOf('boom')), 0, 'the failing event left no effect')
  t.same(dead.map((r) => r.headers.id).sort(), [idOf('not-json'), idOf('boom')].sort(), 'only the poison and the failing event are dead-lettered')
  t.match(dead.find((r) => r.headers.id === idOf('boom'))!.headers, { 'dlq-attempts': '3', 'dlq-error': /boom/ })
  t.same(afterCommit, ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4'], 'after-commit work ran once per applied event, in order')
  const processed = await db.selectFrom('processed_event').select(['event_id', 'outcome']).where('event_id', 'in', ids).execute()
  t.same(processed.map((p) => p.event_id).sort(), [...good].sort(), 'one processed_event row per applied event, none for the dead-lettered')
  t.equal(new Set(await processedAt(['a1', 'a2', 'a3', 'a4'].map(idOf))).size, 1, 'the run before the poison record was applied in one statement')
  t.same(outcomes.filter((o) => o.outcome === 'dlq').map((o) => o.eventId).sort(), [idOf('not-json'), idOf('boom')].sort())
  t.equal(outcomes.filter((o) => o.outcome === 'applied').length, good.length, 'each good record reported applied once')
})

t.test('a process killed between a batch commit and its offset commit: the batch comes back and changes nothing', async (t) => {
  const tp = topic('crash')
  const rid = uuidv7()
  const recs: Rec[] = [{ reason: 'c1' }, { reason: 'c2' }, { reason: 'c3' }, { reason: 'c4' }, { reason: 'crash-here' }]
  const ids = await produceBatch(tp, rid, recs)

  let log = ''
  const child = spawn(process.execPath, ['--import=tsx', fileURLToPath(new URL('./fixtures/consumer-process.ts', import.meta.url))], {
    env: { ...process.env, CHILD_DB: tdb.name, CHILD_TOPIC: tp, CHILD_SERVICE: service },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  const childOutcomes: string[] = []
  child.stdout!.on('data', (d: Buffer) => { log += d.toString() })
  child.stderr!.on('data', (d: Buffer) => { log += d.toString() })
  child.on('message', (m: { type: string; outcome?: string }) => { if (m.type === 'outcome') childOutcomes.push(m.outcome!) })
  const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)))
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  t.equal(await exited, 'SIGKILL', 'the consumer process died in the after-commit work')
  t.same(childOutcomes, [], 'it died before committing the offset (no outcome reported)')
  for (const id of ids) t.equal(await effectsOf(id), 1, 'the batch was committed in the database')
  t.equal(new Set(await processedAt(ids)).size, 1, 'in one transaction (one processed_event statement)')

  const outcomes: OutcomeInfo[] = []
  const c = createEventConsumer<DB>({
    kafka, db, service,
    groupId: groupOf,
    topics: { ReservationRollbackEvent: tp },
    onOutcome: (o) => outcomes.push(o),
    handlers: {
      ReservationRollbackEvent: async (trx, ev, ctx) => {
        await trx.insertInto('effect').values({ event_id: ctx.eventId, reservation_id: ev.reservationId, reason: `again-${ev.reason}` }).execute()
        return { outcome: 'applied' }
      },
    },
  })
  running.push(c)
  await c.start()
  // the dead member keeps the partition until its session times out (10 s)
  await waitFor(() => ids.every((id) => outcomes.some((o) => o.eventId === id)), { timeoutMs: 60_000, what: 'the batch redelivered' })
  await c.stop()
  t.same(outcomes.map((o) => o.outcome), recs.map(() => 'duplicate'), 'every redelivered record is a duplicate')
  for (const id of ids) t.equal(await effectsOf(id), 1, 'still applied exactly once')
  if (!t.passing()) console.error(`child log:\n${log.slice(-10_000)}`)
})
