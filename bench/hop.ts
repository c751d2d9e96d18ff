/**
 * One event hop through the real pipeline: outbox row committed in MariaDB → binlog → Debezium
 * (outbox EventRouter) → Kafka → a kafkajs consumer.
 *
 *   pnpm --filter @concert/bench hop [--events 300] [--gap-ms 20]
 *
 * Uses a scratch database with its own connector and topic (removed afterwards), appends events one at a
 * time with appendEvent, and measures from just after COMMIT returns to the consumer's eachMessage.
 */
import { parseArgs } from 'node:util'
import { appendEvent } from '@concert/outbox'
import {
  createTestDatabase, createTopics, deleteGroups, deleteTopics, randomSuffix, registerTestConnector, sleep, testKafka,
} from '@concert/outbox/testing'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { events: { type: 'string', default: '300' }, 'gap-ms': { type: 'string', default: '20' } },
})
const events = Number(values.events)
const gapMs = Number(values['gap-ms'])

const suffix = randomSuffix()
const topic = `bench-hop-${suffix}`
const groupId = `bench-hop-${suffix}`
const connector = `bench-hop-${suffix}`
const kafka = testKafka(`bench-hop-${suffix}`)
const database = await createTestDatabase(`bench_hop_${suffix}`)
await createTopics(kafka, [topic], 1)
const connect = await registerTestConnector(connector, database.name, 5000 + Math.floor(Math.random() * 900))

const committedAt = new Map<string, number>()
const latencies: number[] = []
const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 })
await consumer.connect()
await consumer.subscribe({ topic, fromBeginning: true })
let warm = false
await consumer.run({
  eachMessage: async ({ message }) => {
    const received = performance.now()
    const id = message.headers?.['id']?.toString()
    const sent = id ? committedAt.get(id) : undefined
    if (sent === undefined) { warm = true; return }
    latencies.push(received - sent)
  },
})

const append = async (record: boolean) => {
  const reservationId = crypto.randomUUID()
  let eventId = ''
  await database.db.transaction().execute(async (trx) => {
    eventId = await appendEvent(trx, { type: 'ReservationRollbackEvent', payload: { reservationId, reason: 'BENCH' } }, { topic })
  })
  if (record) committedAt.set(eventId, performance.now())
}

try {
  // The first record also proves the path is live (connector streaming, consumer assigned).
  await append(false)
  const deadline = Date.now() + 60_000
  while (!warm && Date.now() < deadline) await sleep(50)
  if (!warm) throw new Error('no record arrived within 60 s: is the connector RUNNING?')
  for (let i = 0; i < events; i++) {
    await append(true)
    await sleep(gapMs)
  }
  const until = Date.now() + 30_000
  while (latencies.length < events && Date.now() < until) await sleep(50)
  const sorted = [...latencies].sort((a, b) => a - b)
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1)
  console.log(`commit → consumer, ${sorted.length}/${events} events, one at a time every ${gapMs} ms`)
  console.log(`p50 ${pct(50)} ms   p90 ${pct(90)} ms   p99 ${pct(99)} ms   max ${sorted.at(-1)!.toFixed(1)} ms`)
  if (sorted.length < events) process.exitCode = 1
} finally {
  await consumer.disconnect()
  await connect.delete(connector).catch(() => undefined)
  await deleteGroups(kafka, [groupId]).catch(() => undefined)
  await deleteTopics(kafka, [topic, `__debezium-heartbeat.${connector}`, `schemahistory.${database.name}`]).catch(() => undefined)
  await database.drop()
}
