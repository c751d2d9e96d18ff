/**
 * Outbox rows → Debezium (real Kafka Connect, EventRouter) → Kafka records. Each test uses its own
 * database, topic and connector (distinct server ids) and deletes the connector afterwards.
 */
import t, { type Test } from 'tap'
import { v7 as uuidv7 } from 'uuid'
import { appendEvent } from '../src/append.ts'
import type { ConnectClient } from '../src/connector.ts'
import type { OutboxTables } from '../src/migration.ts'
import {
  RecordCollector,
  createTestDatabase,
  createTopics,
  deleteGroups,
  deleteTopics,
  randomSuffix,
  registerTestConnector,
  sleep,
  testKafka,
  waitFor,
  type CollectedRecord,
} from '../src/testing.ts'
import { newTraceparent } from '../src/trace.ts'

const suffix = randomSuffix()
const kafka = testKafka(`outbox-relay-test-${suffix}`)
const cleanups: Array<() => Promise<unknown>> = []
t.teardown(async () => {
  for (const c of cleanups.reverse()) await c().catch((err: unknown) => console.error('cleanup failed:', err))
})

/** A fresh database + topic (+ .dlq) + collector; the connector is registered by the test. */
async function fixture(name: string) {
  const database = `outbox_test_${name}_${suffix}`
  const topic = `outbox-test-${name}-${suffix}`
  const tdb = await createTestDatabase<OutboxTables>(database)
  cleanups.push(() => tdb.drop())
  await createTopics(kafka, [topic, `${topic}.dlq`])
  cleanups.push(() => deleteTopics(kafka, [topic, `${topic}.dlq`, `schemahistory.${database}`]))
  const collector = await RecordCollector.start(kafka, topic)
  cleanups.push(() => collector.stop())
  return { database, topic, db: tdb.db, collector }
}

async function connector(name: string, database: string, serverId: number): Promise<ConnectClient> {
  const connectorName = `outbox-test-${name}-${suffix}`
  const client = await registerTestConnector(connectorName, database, serverId)
  cleanups.push(async () => {
    await client.delete(connectorName)
    await deleteTopics(kafka, [`__debezium-heartbeat.${connectorName}`])
    await deleteGroups(kafka, [`${connectorName}-schemahistory`])
  })
  return client
}

const cancelled = (reservationId: string, reason: string) => ({
  type: 'ReservationCancelledEvent' as const,
  payload: { reservationId, scheduleId: '01936b7e-8a4c-7b2e-9c1d-0a1b2c3d4e5f', seatIds: [3, 4], reason },
})

t.test('a committed row arrives through Debezium; a rolled-back one never does', async (t) => {
  const f = await fixture('relay')
  await connector('relay', f.database, 5901)
  const rid = uuidv7()
  const traceparent = newTraceparent()
  const committedId = await f.db
    .transaction()
    .execute((trx) => appendEvent(trx, { ...cancelled(rid, 'first'), traceparent }, { topic: f.topic }))
  let rolledBackId: string | undefined
  await t.rejects(
    f.db.transaction().execute(async (trx) => {
      rolledBackId = await appendEvent(trx, cancelled(rid, 'rolled-back'), { topic: f.topic })
      throw new Error('business rule failed after append')
    }),
    /business rule failed/,
  )
  const afterId = await f.db.transaction().execute((trx) => appendEvent(trx, cancelled(rid, 'after'), { topic: f.topic }))

  // same key → same partition → in commit order: once `after` is here, the rolled-back one would be too
  await waitFor(() => f.collector.records.some((r) => r.headers.id === afterId), { what: 'the last committed event' })
  const records = f.collector.records
  t.same(records.map((r) => r.headers.id), [committedId, afterId], 'only the committed events, in order')
  t.notOk(records.some((r) => r.headers.id === rolledBackId), 'rolled-back event not published')

  const [rec] = records as [CollectedRecord]
  t.equal(rec.key, rid, 'key = aggregateid')
  t.equal(rec.headers.eventType, 'ReservationCancelledEvent')
  t.equal(rec.headers.traceparent, traceparent, 'traceparent header from tracingspancontext')
  t.type(rec.json, 'object', 'value is the JSON payload object, not a string')
  t.match(rec.json, { reservationId: rid, seatIds: [3, 4], reason: 'first', occurredAt: /^\d{4}-/ })
  t.notOk(records[1]!.headers.traceparent, 'no traceparent header when the row has none')
})

t.test('rows written before the connector first started are not lost', async (t) => {
  const f = await fixture('snapshot')
  const rid = uuidv7()
  const before: string[] = []
  for (let i = 0; i < 5; i++) {
    before.push(await f.db.transaction().execute((trx) => appendEvent(trx, cancelled(rid, `before-${i}`), { topic: f.topic })))
  }
  await connector('snapshot', f.database, 5902)
  await f.collector.waitForCount(5, 90_000)
  const after = await f.db.transaction().execute((trx) => appendEvent(trx, cancelled(rid, 'after-start'), { topic: f.topic }))
  await waitFor(() => f.collector.records.some((r) => r.headers.id === after), { what: 'row written after start', timeoutMs: 60_000 })
  t.same(
    f.collector.records.map((r) => r.headers.id),
    [...before, after],
    'every row, once, in order',
  )
  t.same(
    f.collector.records.map((r) => (r.json as { reason: string }).reason),
    ['before-0', 'before-1', 'before-2', 'before-3', 'before-4', 'after-start'],
  )
})

/** Writes rows round-robin over 4 keys until stopped; `seq-<n>` in `reason` gives the order. */
function startWriter(f: { db: Awaited<ReturnType<typeof fixture>>['db']; topic: string }) {
  const keys = Array.from({ length: 4 }, () => uuidv7())
  const written: { id: string; key: string; seq: number }[] = []
  let writing = true
  const done = (async () => {
    let seq = 0
    while (writing) {
      const key = keys[seq % keys.length]!
      const n = seq++
      const id = await f.db.transaction().execute((trx) => appendEvent(trx, cancelled(key, `seq-${n}`), { topic: f.topic }))
      written.push({ id, key, seq: n })
      await sleep(5)
    }
  })()
  return {
    keys,
    written,
    async stop() {
      writing = false
      await done
    },
  }
}

/** Every written row arrived, and per key the first deliveries are in write order (duplicates allowed). */
async function assertAllArrived(
  t: Test,
  collector: RecordCollector,
  w: ReturnType<typeof startWriter>,
) {
  const wanted = new Set(w.written.map((x) => x.id))
  const arrived = () => new Set(collector.records.map((r) => r.headers.id).filter((id) => id !== undefined && wanted.has(id))).size
  await waitFor(() => arrived() === wanted.size, { what: `all ${wanted.size} rows to arrive`, timeoutMs: 120_000 }).catch((err: Error) => {
    t.fail(`${err.message}: ${arrived()} arrived`)
  })
  const received = collector.records
  for (const key of w.keys) {
    const seen = new Set<string>()
    const firstSeen: number[] = []
    for (const r of received.filter((r) => r.key === key)) {
      if (seen.has(r.headers.id!)) continue
      seen.add(r.headers.id!)
      firstSeen.push(Number((r.json as { reason: string }).reason.slice(4)))
    }
    t.same(firstSeen, w.written.filter((x) => x.key === key).map((x) => x.seq), `key …${key.slice(-6)}: every row, in order`)
  }
  const duplicates = received.length - new Set(received.map((r) => r.headers.id)).size
  t.comment(`${w.written.length} rows written, ${received.length} records received, ${duplicates} redelivered`)
}

/**
 * Restarting Debezium while rows are being written loses nothing: a REST restart of connector and
 * task, a pause/resume, and a delete + re-create of the connector (its offsets survive in Connect, so
 * it resumes where it stopped). Delivery is at-least-once: a restart may re-send, so duplicates are
 * allowed, losses and per-key reordering are not.
 */
t.test('restarting, pausing and re-creating the connector loses nothing', async (t) => {
  const f = await fixture('restart')
  const name = `outbox-test-restart-${suffix}`
  const client = await connector('restart', f.database, 5903)
  const rest = async (method: string, path: string) => {
    const r = await fetch(`${process.env.CONNECT_URL}/connectors/${name}${path}`, { method })
    if (r.status >= 300) throw new Error(`${method} ${path}: HTTP ${r.status} ${await r.text()}`)
  }
  const w = startWriter(f)
  try {
    await waitFor(() => f.collector.records.length >= 20, { what: 'records flowing', timeoutMs: 60_000 })
    await client.restart(name)
    await client.waitRunning(name, 90_000)
    await sleep(300)
    await rest('PUT', '/pause')
    await waitFor(async () => (await client.status(name))?.connector.state === 'PAUSED', { what: 'paused' })
    await sleep(500)
    await rest('PUT', '/resume')
    await client.waitRunning(name, 90_000)
    await sleep(300)
    await client.delete(name)
    await waitFor(async () => (await client.status(name)) === null, { what: 'connector deleted' })
    await sleep(500)
    await registerTestConnector(name, f.database, 5903)
    await sleep(500)
  } finally {
    await w.stop()
  }
  t.ok(w.written.length > 40, `wrote ${w.written.length} rows during the restarts`)
  await assertAllArrived(t, f.collector, w)
})

/**
 * Stops the Kafka Connect worker process itself (through the stack API of scripts/) while rows are
 * written, then brings it back with `up()`. It stops the SHARED worker, so it only runs when asked:
 * OUTBOX_TEST_STOP_CONNECT=1 (safe under `pnpm test`, which runs packages one at a time).
 */
t.test(
  'stopping Kafka Connect and starting it again loses nothing',
  { skip: process.env.OUTBOX_TEST_STOP_CONNECT === '1' ? false : 'stops the shared Connect worker: set OUTBOX_TEST_STOP_CONNECT=1' },
  async (t) => {
    const stack = await import('../../scripts/src/stack.ts')
    const worker = stack.COMPONENTS.find((c) => c.name === 'connect')
    if (!worker) throw new Error('scripts/src/stack.ts has no connect component')
    const f = await fixture('worker')
    const name = `outbox-test-worker-${suffix}`
    const client = await connector('worker', f.database, 5904)
    const w = startWriter(f)
    try {
      await waitFor(() => f.collector.records.length >= 20, { what: 'records flowing', timeoutMs: 60_000 })
      t.ok(await worker.stop(), 'Connect worker stopped')
      t.notOk(await worker.portUp(), 'Connect REST is down')
      const whileDown = w.written.length
      await waitFor(() => w.written.length >= whileDown + 50, { what: 'rows written while Connect is down' })
      await stack.up({ quiet: true })
      await client.waitRunning(name, 120_000)
      await sleep(500)
    } finally {
      await w.stop()
    }
    await assertAllArrived(t, f.collector, w)
  },
)
