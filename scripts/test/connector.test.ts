// The outbox connector template against the real stack, on a scratch database and topic (service databases
// and platform topics are untouched): rows written before the connector first started are delivered
// (snapshot), an outbox table created after the connector started is captured, and each record has
// key = aggregateid, headers id / eventType / traceparent, value = the payload JSON exactly.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs'
import { ConnectClient, connectorConfig } from '@concert/outbox/connector'

const env = process.env
const suffix = randomUUID().slice(0, 8)
const db = `connector_test_${suffix}`
const topic = `connector-test-${suffix}`
const name = `connector-test-${suffix}`

const sql = (s: string) =>
  execFileSync('mariadb', ['-h', env.MYSQL_HOST!, '-P', env.MYSQL_PORT!, '-uroot', `-p${env.MYSQL_ROOT_PASSWORD}`, '-N', '-e', s]).toString()
const createOutbox = () =>
  sql(`CREATE TABLE ${db}.outbox (id CHAR(36) NOT NULL PRIMARY KEY, aggregatetype VARCHAR(255) NOT NULL, aggregateid VARCHAR(255) NOT NULL,
       type VARCHAR(255) NOT NULL, topic VARCHAR(255) NOT NULL, payload JSON NOT NULL, tracingspancontext VARCHAR(512) NULL,
       created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))`)
const insert = (id: string, key: string, type: string, payload: unknown, traceparent: string | null) =>
  sql(`INSERT INTO ${db}.outbox (id, aggregatetype, aggregateid, type, topic, payload, tracingspancontext)
       VALUES ('${id}', 'Test', '${key}', '${type}', '${topic}', '${JSON.stringify(payload).replace(/'/g, "''")}', ${traceparent ? `'${traceparent}'` : 'NULL'})`)

const connect = new ConnectClient(env.CONNECT_URL!)
const kafka = new Kafka({ clientId: 'connector-test', brokers: env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING })
const admin = kafka.admin()
const received = new Map<string, KafkaMessage>()
const consumer = kafka.consumer({ groupId: `connector-test-${suffix}` })

const header = (m: KafkaMessage, h: string) => (m.headers?.[h] == null ? undefined : String(m.headers[h]))
async function waitFor(id: string, ms = 30_000): Promise<KafkaMessage> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    const m = received.get(id)
    if (m) return m
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`outbox row ${id} did not arrive on ${topic} within ${ms} ms`)
}

t.before(async () => {
  sql(`CREATE DATABASE ${db}`)
  sql(`GRANT SELECT, LOCK TABLES ON ${db}.* TO '${env.DEBEZIUM_DB_USER}'@'%'`)
  await admin.connect()
  await admin.createTopics({ topics: [{ topic, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  await consumer.run({
    eachMessage: async ({ message }) => {
      const id = header(message, 'id')
      if (id) received.set(id, message)
    },
  })
})

t.teardown(async () => {
  await connect.delete(name).catch(() => undefined)
  await consumer.disconnect().catch(() => undefined)
  await admin.deleteTopics({ topics: [topic, `schemahistory.${db}`, `__debezium-heartbeat.${name}`] }).catch(() => undefined)
  await admin.disconnect().catch(() => undefined)
  sql(`DROP DATABASE IF EXISTS ${db}`)
})

const before = randomUUID()
const payload = {
  orderId: 'o-1',
  seatIds: [],
  seats: [{ seatId: 's-1', price: 150000 }],
  reason: null,
  mixed: [1, 'two', null],
  big: 9007199254740991,
  occurredAt: '2026-01-01T00:00:00.000Z',
}

t.test('a row written before the connector first started is delivered (snapshot)', async (t) => {
  createOutbox()
  insert(before, 'agg-before', 'BeforeEvent', { n: 1, occurredAt: '2026-01-01T00:00:00.000Z' }, null)
  await connect.put(name, connectorConfig({
    name, database: db, engine: 'mariadb', host: env.MYSQL_HOST!, port: Number(env.MYSQL_PORT), user: env.DEBEZIUM_DB_USER!,
    password: env.DEBEZIUM_DB_PASSWORD!, serverId: 5000 + Math.floor(Math.random() * 300),
  }))
  await connect.waitRunning(name, 60_000)
  const m = await waitFor(before)
  t.equal(String(m.key), 'agg-before')
  t.equal(header(m, 'eventType'), 'BeforeEvent')
  t.same(JSON.parse(String(m.value)), { n: 1, occurredAt: '2026-01-01T00:00:00.000Z' })
})

t.test('put is idempotent', async (t) => {
  const cfg = await connect.config(name)
  await connect.put(name, { ...cfg! })
  await connect.waitRunning(name)
  t.pass('re-put the same config, still RUNNING')
})

t.test('a live row: key, headers and the payload JSON exactly', async (t) => {
  const id = randomUUID()
  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
  insert(id, 'o-1', 'OrderStatusUpdatedEvent', payload, traceparent)
  const m = await waitFor(id)
  t.equal(String(m.key), 'o-1', 'key = aggregateid')
  t.equal(header(m, 'id'), id, 'header id = outbox id')
  t.equal(header(m, 'eventType'), 'OrderStatusUpdatedEvent', 'header eventType = type')
  t.equal(header(m, 'traceparent'), traceparent, 'header traceparent = tracingspancontext')
  t.same(JSON.parse(String(m.value)), payload, 'value is the payload: nulls, empty and mixed arrays, big ints kept')
  t.notOk(Object.keys(m.headers ?? {}).some((h) => h.startsWith('__debezium')), 'no Debezium context headers')
})

t.test('the outbox table may be created after the connector started', async (t) => {
  sql(`DROP TABLE ${db}.outbox`)
  createOutbox()
  const id = randomUUID()
  insert(id, 'agg-late', 'LateEvent', { late: true }, null)
  const m = await waitFor(id)
  t.equal(String(m.key), 'agg-late')
  t.same(JSON.parse(String(m.value)), { late: true })
  const st = await connect.status(name)
  t.equal(st?.tasks[0]?.state, 'RUNNING')
})
