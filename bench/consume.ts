/**
 * How fast one consumer runtime (`createEventConsumer` of @concert/outbox) applies a burst of events.
 *
 *   pnpm --filter @concert/bench consume [--events 3000] [--partitions 6] [--keys 300] [--batch on|off]
 *                                        [--concurrency N] [--cpu-prof]
 *
 * Produces `--events` ReservationRollbackEvent records straight to a scratch topic (as Debezium would:
 * key, JSON value, id/eventType headers), then starts one consumer on a scratch database whose handler
 * does what a saga step does: a guarded UPDATE of the aggregate's row plus an INSERT. Reports events/s
 * applied, the consumer process's CPU seconds per 1000 events, and DB commits. The production work is
 * done before the consumer starts, so the CPU figure is the consumer's own (kafkajs + handler + mysql2).
 */
import { parseArgs } from 'node:util'
import { createConnection } from 'mysql2/promise'
import { createEventConsumer, createProducer, type OutboxTables } from '@concert/outbox'
import {
  createTestDatabase, createTopics, deleteGroups, deleteTopics, randomSuffix, sleep, testKafka,
} from '@concert/outbox/testing'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    events: { type: 'string', default: '3000' },
    partitions: { type: 'string', default: '6' },
    keys: { type: 'string', default: '300' },
    batch: { type: 'string', default: 'default' },
    concurrency: { type: 'string' },
  },
})
const events = Number(values.events)
const keys = Number(values.keys)

interface DB extends OutboxTables {
  bench_aggregate: { id: string; n: number }
  bench_effect: { event_id: string; aggregate_id: string }
}

const suffix = randomSuffix()
const topic = `bench-consume-${suffix}`
const service = `bench-consume-${suffix}`
const kafka = testKafka(service)
const database = await createTestDatabase<DB>(`bench_consume_${suffix}`)
const { db } = database
// raw SQL through mysql2 (this package does not depend on kysely)
const raw = await createConnection({
  host: process.env.MYSQL_HOST ?? '127.0.0.1', port: Number(process.env.MYSQL_PORT ?? 3307),
  user: 'root', password: process.env.MYSQL_ROOT_PASSWORD, database: database.name,
})
await raw.query('CREATE TABLE bench_aggregate (id CHAR(36) PRIMARY KEY, n INT NOT NULL)')
await raw.query('CREATE TABLE bench_effect (event_id CHAR(36) PRIMARY KEY, aggregate_id CHAR(36) NOT NULL)')
const ids = Array.from({ length: keys }, () => crypto.randomUUID())
await db.insertInto('bench_aggregate').values(ids.map((id) => ({ id, n: 0 }))).execute()
await createTopics(kafka, [topic, `${topic}.dlq`], Number(values.partitions))

const producer = createProducer(kafka)
await producer.connect()
for (let sent = 0; sent < events; sent += 500) {
  const messages = Array.from({ length: Math.min(500, events - sent) }, (_, i) => {
    const reservationId = ids[(sent + i) % keys]!
    return {
      key: reservationId,
      value: JSON.stringify({ reservationId, reason: 'BENCH', occurredAt: new Date().toISOString() }),
      headers: { id: crypto.randomUUID(), eventType: 'ReservationRollbackEvent' },
    }
  })
  await producer.send({ topic, acks: -1, messages })
}
await producer.disconnect()

const batchOption = values.batch === 'default' ? {} : { batch: values.batch === 'on' }
const consumer = createEventConsumer<DB>({
  kafka,
  db,
  service,
  topics: { ReservationRollbackEvent: topic },
  ...batchOption,
  onOutcome: () => { firstAt ??= performance.now() },
  ...(values.concurrency ? { partitionsConsumedConcurrently: Number(values.concurrency) } : {}),
  handlers: {
    ReservationRollbackEvent: async (trx, ev, ctx) => {
      const r = await trx.updateTable('bench_aggregate').set((eb) => ({ n: eb('n', '+', 1) }))
        .where('id', '=', ev.reservationId).executeTakeFirst()
      if (Number(r.numUpdatedRows) !== 1) return { outcome: 'ignored', reason: 'unknown aggregate' }
      await trx.insertInto('bench_effect').values({ event_id: ctx.eventId, aggregate_id: ev.reservationId }).execute()
      return { outcome: 'applied' }
    },
  },
} as Parameters<typeof createEventConsumer<DB>>[0])

let firstAt: number | undefined
const commitsBefore = await commitCount()
const cpu0 = process.cpuUsage()
const t0 = performance.now()
try {
  await consumer.start()
  const deadline = Date.now() + 120_000
  while (consumer.stats().applied < events && Date.now() < deadline) await sleep(20)
  const end = performance.now()
  const elapsed = (end - t0) / 1000
  const applying = (end - (firstAt ?? t0)) / 1000
  const cpu = process.cpuUsage(cpu0)
  const cpuS = (cpu.user + cpu.system) / 1e6
  const commits = (await commitCount()) - commitsBefore
  const applied = consumer.stats().applied
  const total = await db.selectFrom('bench_aggregate').select((eb) => eb.fn.sum<number>('n').as('n')).executeTakeFirst()
  console.log(`consume ${applied}/${events} events, ${values.partitions} partitions, ${keys} keys, batch=${values.batch}` +
    `${values.concurrency ? `, concurrency ${values.concurrency}` : ''}`)
  console.log(`${(applied / applying).toFixed(0)} events/s (first → last applied ${applying.toFixed(2)} s; ${elapsed.toFixed(2)} s incl. joining the group)`)
  console.log(`consumer CPU ${cpuS.toFixed(2)} s = ${(cpuS / (applied / 1000)).toFixed(2)} s per 1000 events; ` +
    `~${commits} MariaDB commits (server-wide) = ${(commits / Math.max(1, applied)).toFixed(2)} per event`)
  if (applied !== events || Number(total?.n) !== events) {
    console.log(`MISMATCH: applied ${applied}, sum of counters ${total?.n}`)
    process.exitCode = 1
  }
} finally {
  await consumer.stop()
  await deleteGroups(kafka, consumer.groups.map((g) => g.groupId)).catch(() => undefined)
  await deleteTopics(kafka, [topic, `${topic}.dlq`]).catch(() => undefined)
  await raw.end()
  await database.drop()
}

async function commitCount(): Promise<number> {
  const [rows] = await raw.query("SHOW GLOBAL STATUS LIKE 'Com_commit'")
  return Number((rows as Array<{ Value: string }>)[0]?.Value ?? 0)
}
