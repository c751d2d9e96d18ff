/**
 * The consumer runtime against the real Kafka and MariaDB: records are produced straight to test topics
 * (as Debezium would: key, JSON value, `id`/`eventType`/`traceparent` headers).
 */
import t from 'tap'
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import type { Producer } from 'kafkajs'
import { appendEvent } from '../src/append.ts'
import {
  createEventConsumer,
  createProducer,
  resetGroupToEarliest,
  type EventConsumer,
  type EventConsumerOptions,
  type OutcomeInfo,
} from '../src/consumer.ts'
import type { OutboxTables } from '../src/migration.ts'
import {
  RecordCollector,
  createTestDatabase,
  createTopics,
  deleteGroups,
  deleteTopics,
  randomSuffix,
  testKafka,
  waitFor,
} from '../src/testing.ts'
import { newTraceparent } from '../src/trace.ts'

interface DB extends OutboxTables {
  effect: { id: number | undefined; event_id: string; reservation_id: string; reason: string }
  lock_row: { id: number; n: number }
}

const suffix = randomSuffix()
const tdb = await createTestDatabase<DB>(`outbox_test_consumer_${suffix}`)
const { db } = tdb
await sql`CREATE TABLE effect (id BIGINT AUTO_INCREMENT PRIMARY KEY, event_id CHAR(36) NOT NULL,
          reservation_id CHAR(36) NOT NULL, reason VARCHAR(255) NOT NULL)`.execute(db)
await sql`CREATE TABLE lock_row (id INT PRIMARY KEY, n INT NOT NULL)`.execute(db)
await sql`INSERT INTO lock_row VALUES (1, 0)`.execute(db)

const kafka = testKafka(`outbox-consumer-test-${suffix}`)
const topic = (name: string) => `outbox-test-${name}-${suffix}`
const allTopics = ['dedupe', 'poison', 'transient', 'failing', 'follow'].flatMap((n) => [topic(n), `${topic(n)}.dlq`])
await createTopics(kafka, allTopics)
const producer: Producer = createProducer(kafka)
await producer.connect()

const running: EventConsumer[] = []
t.teardown(async () => {
  await Promise.allSettled(running.map((c) => c.stop()))
  await producer.disconnect()
  await deleteGroups(kafka, running.flatMap((c) => c.groups.map((g) => g.groupId)))
  await deleteTopics(kafka, allTopics)
  await tdb.drop()
})

async function produce(
  topicName: string,
  reservationId: string,
  value: string | object,
  opts: { id?: string; eventType?: string; traceparent?: string; partition?: number } = {},
): Promise<string> {
  const id = opts.id ?? uuidv7()
  const headers: Record<string, string> = { id, eventType: opts.eventType ?? 'ReservationRollbackEvent' }
  if (opts.traceparent) headers.traceparent = opts.traceparent
  await producer.send({
    topic: topicName,
    acks: -1,
    messages: [{
      key: reservationId,
      value: typeof value === 'string' ? value : JSON.stringify(value),
      headers,
      ...(opts.partition !== undefined ? { partition: opts.partition } : {}),
    }],
  })
  return id
}

const rollbackPayload = (reservationId: string, reason: string) => ({
  reservationId,
  reason,
  occurredAt: new Date().toISOString(),
})

function consumer(topicName: string, extra: Partial<EventConsumerOptions<DB>> = {}, outcomes: OutcomeInfo[] = []) {
  const c = createEventConsumer<DB>({
    kafka,
    db,
    service: `outbox-test-${suffix}`,
    groupId: (tp) => `outbox-test-${suffix}.${tp}`,
    topics: { ReservationRollbackEvent: topicName, ReservationCancelledEvent: topicName },
    retry: { attempts: 3, initialMs: 20, maxMs: 200 },
    onOutcome: (o) => outcomes.push(o),
    handlers: {
      ReservationRollbackEvent: async (trx, ev, ctx) => {
        if (ev.reason === 'ignore-me') return { outcome: 'ignored', reason: 'reservation not found' }
        if (ev.reason === 'boom') throw new Error('boom: the handler fails the same way every time')
        if (ev.reason === 'lock') {
          await sql`SET SESSION innodb_lock_wait_timeout = 1`.execute(trx)
          try {
            await sql`UPDATE lock_row SET n = n + 1 WHERE id = 1`.execute(trx)
          } finally {
            await sql`SET SESSION innodb_lock_wait_timeout = DEFAULT`.execute(trx).catch(() => undefined)
          }
        }
        await trx.insertInto('effect').values({ event_id: ctx.eventId, reservation_id: ev.reservationId, reason: ev.reason }).execute()
        ctx.afterCommit(() => { committed.push(ev.reason) })
        if (ev.reason === 'follow-up') {
          await appendEvent(trx, {
            type: 'ReservationCancelledEvent',
            payload: { reservationId: ev.reservationId, scheduleId: uuidv7(), seatIds: [7], reason: 'compensation' },
          })
        }
        return { outcome: 'applied' }
      },
    },
    ...extra,
  })
  running.push(c)
  return c
}

/** Reasons whose after-commit work ran: only attempts that committed may appear, once each. */
const committed: string[] = []

const effects = async (reservationId: string) =>
  db.selectFrom('effect').selectAll().where('reservation_id', '=', reservationId).orderBy('id').execute()

t.test('a record delivered twice is applied once', async (t) => {
  const tp = topic('dedupe')
  const rid = uuidv7()
  const ids = [
    await produce(tp, rid, rollbackPayload(rid, 'first')),
    await produce(tp, rid, rollbackPayload(rid, 'second')),
    await produce(tp, rid, rollbackPayload(rid, 'ignore-me')),
  ]
  // an event of the topic this service has no handler for is committed and skipped
  await produce(tp, rid, { whatever: true }, { eventType: 'SeatReservedEvent' })

  const first = consumer(tp)
  await first.start()
  await first.waitReady()
  t.equal(first.groups.length, 1)
  t.equal(first.groups[0]!.groupId, `outbox-test-${suffix}.${tp}`)
  await waitFor(() => first.stats().applied === 2 && first.stats().ignored === 1 && first.stats().skipped === 1, {
    what: 'first delivery handled',
  })
  await first.stop()
  t.same((await effects(rid)).map((e) => e.reason), ['first', 'second'])

  // deliver the same records again: same group moved back to the earliest offset
  await resetGroupToEarliest(kafka, first.groups[0]!.groupId, tp)
  const second = consumer(tp)
  await second.start()
  await waitFor(() => second.stats().duplicate === 3 && second.stats().skipped === 1, { what: 'redelivery seen as duplicates' })
  t.same(second.stats(), { applied: 0, ignored: 0, duplicate: 3, skipped: 1, dlq: 0 })
  await second.stop()

  t.same((await effects(rid)).map((e) => e.reason), ['first', 'second'], 'handler effects unchanged')
  t.same(committed.filter((r) => r === 'first' || r === 'second'), ['first', 'second'], 'after-commit work ran once per applied event')
  const processed = await db.selectFrom('processed_event').selectAll().where('event_id', 'in', ids).orderBy('event_id').execute()
  t.equal(processed.length, 3, 'one processed_event row per event')
  t.same(
    processed.map((p) => [p.event_id, p.consumer, p.outcome, p.reason]),
    [
      [ids[0], `outbox-test-${suffix}`, 'applied', null],
      [ids[1], `outbox-test-${suffix}`, 'applied', null],
      [ids[2], `outbox-test-${suffix}`, 'ignored', 'reservation not found'],
    ],
  )
})

t.test('poison records go to the DLQ with headers and the partition moves on', async (t) => {
  const tp = topic('poison')
  const dlq = await RecordCollector.start(kafka, `${tp}.dlq`)
  t.teardown(() => dlq.stop())
  const rid = uuidv7()
  const badJson = '{"reservationId": '
  const badJsonId = await produce(tp, rid, badJson)
  const invalid = { reservationId: rid, occurredAt: new Date().toISOString() } // reason missing
  const invalidId = await produce(tp, rid, invalid)
  const goodId = await produce(tp, rid, rollbackPayload(rid, 'after-poison'))

  const outcomes: OutcomeInfo[] = []
  const c = consumer(tp, {}, outcomes)
  await c.start()
  await waitFor(() => c.stats().applied === 1, { what: 'the record after the poison ones applied' })
  const records = await dlq.waitForCount(2)
  await c.stop()

  t.same((await effects(rid)).map((e) => e.event_id), [goodId], 'next record on the partition processed')
  const byId = new Map(records.map((r) => [r.headers.id, r]))
  const a = byId.get(badJsonId)
  const b = byId.get(invalidId)
  t.ok(a && b, 'both poison records are in the DLQ')
  t.equal(a!.value?.toString(), badJson, 'value kept byte for byte')
  t.equal(a!.key, rid, 'key kept')
  t.match(a!.headers, {
    id: badJsonId,
    eventType: 'ReservationRollbackEvent',
    'dlq-error': /not JSON/,
    'dlq-attempts': '0',
    'dlq-original-topic': tp,
    'dlq-original-partition': /^\d+$/,
    'dlq-original-offset': /^\d+$/,
    'dlq-consumer': `outbox-test-${suffix}`,
    'dlq-failed-at': /^\d{4}-\d\d-\d\dT/,
  })
  t.match(b!.headers, { 'dlq-error': /reason/, 'dlq-original-topic': tp })
  t.same(b!.json, invalid)
  t.equal(Number(b!.headers['dlq-original-offset']), Number(a!.headers['dlq-original-offset']) + 1)
  t.equal(outcomes.filter((o) => o.outcome === 'dlq').length, 2, 'onOutcome reports DLQ outcomes')
  const processed = await db.selectFrom('processed_event').select('event_id').where('event_id', 'in', [badJsonId, invalidId]).execute()
  t.equal(processed.length, 0, 'poison records are not marked processed')
})

t.test('a lock wait timeout holds only its partition until the lock is free; nothing is dead-lettered', async (t) => {
  const tp = topic('transient')
  const dlq = await RecordCollector.start(kafka, `${tp}.dlq`)
  t.teardown(() => dlq.stop())
  const rid = uuidv7()
  // hold the row lock in another transaction so the handler hits a real lock wait timeout (errno 1205)
  let release!: () => void
  const released = new Promise<void>((r) => (release = r))
  let locked!: () => void
  const isLocked = new Promise<void>((r) => (locked = r))
  const holder = db.transaction().execute(async (trx) => {
    await sql`SELECT n FROM lock_row WHERE id = 1 FOR UPDATE`.execute(trx)
    locked()
    await released
  })
  await isLocked
  const outcomes: OutcomeInfo[] = []
  try {
    const stuckId = await produce(tp, rid, rollbackPayload(rid, 'lock'), { partition: 0 })
    const behindId = await produce(tp, rid, rollbackPayload(rid, 'behind-lock'), { partition: 0 })
    const others = await Promise.all([1, 2, 3].map((p) => {
      const other = uuidv7()
      return produce(tp, other, rollbackPayload(other, `flow-${p}`), { partition: p })
    }))
    const c = consumer(tp, {}, outcomes)
    await c.start()
    await waitFor(() => others.every((id) => outcomes.some((o) => o.eventId === id && o.outcome === 'applied')), {
      what: 'the other partitions applied while partition 0 is held',
    })
    await waitFor(() => c.health().groups[0]!.pausedPartitions.includes(0), { what: 'partition 0 held for a retry' })
    t.same((await effects(rid)).map((e) => e.event_id), [], 'nothing applied on the held partition yet, in order')
    t.ok(c.health().healthy, 'a held partition is not an unhealthy consumer')

    release()
    await holder
    await waitFor(() => outcomes.some((o) => o.eventId === behindId), { what: 'the held partition to drain' })
    await c.stop()
    t.same((await effects(rid)).map((e) => e.event_id), [stuckId, behindId], 'applied once each, in partition order')
    const stuck = outcomes.filter((o) => o.eventId === stuckId)
    t.equal(stuck.length, 1)
    t.match(stuck[0], { outcome: 'applied' })
    t.ok(stuck[0]!.attempts >= 2, `retried until the lock was free (${stuck[0]!.attempts} attempts)`)
    t.equal(outcomes.filter((o) => o.outcome === 'dlq').length, 0, 'nothing dead-lettered')
    t.equal(dlq.records.length, 0, 'the DLQ topic is empty')
  } finally {
    release()
    await holder
  }
})

t.test('a handler error that keeps failing goes to the DLQ after the configured attempts; the partition moves on', async (t) => {
  const tp = topic('failing')
  const dlq = await RecordCollector.start(kafka, `${tp}.dlq`)
  t.teardown(() => dlq.stop())
  const rid = uuidv7()
  const outcomes: OutcomeInfo[] = []
  const boomId = await produce(tp, rid, rollbackPayload(rid, 'boom'))
  const nextId = await produce(tp, rid, rollbackPayload(rid, 'after-boom'))
  const c = consumer(tp, {}, outcomes)
  await c.start()
  const [rec] = await dlq.waitForCount(1, 60_000)
  await waitFor(() => c.stats().applied === 1, { what: 'next record applied' })
  await c.stop()
  t.match(rec!.headers, {
    id: boomId,
    'dlq-attempts': '3',
    'dlq-error': /boom: the handler fails/,
    'dlq-original-topic': tp,
    'dlq-consumer': `outbox-test-${suffix}`,
  })
  t.same((await effects(rid)).map((e) => e.event_id), [nextId], 'failed record left no effect; next one applied')
  t.match(outcomes.find((o) => o.eventId === boomId), { outcome: 'dlq', attempts: 3 })
})

t.test('the record traceparent is carried into follow-up events', async (t) => {
  const tp = topic('follow')
  const rid = uuidv7()
  const traceparent = newTraceparent()
  const id = await produce(tp, rid, rollbackPayload(rid, 'follow-up'), { traceparent })
  const c = consumer(tp)
  await c.start()
  await waitFor(() => c.stats().applied === 1, { what: 'follow-up handled' })
  await c.stop()
  const rows = await db.selectFrom('outbox').selectAll().where('aggregateid', '=', rid).execute()
  t.equal(rows.length, 1)
  t.equal(rows[0]!.type, 'ReservationCancelledEvent')
  t.equal(rows[0]!.topic, 'reservation-topic')
  t.equal(rows[0]!.tracingspancontext, traceparent)
  t.ok(await db.selectFrom('processed_event').select('event_id').where('event_id', '=', id).executeTakeFirst())
})
