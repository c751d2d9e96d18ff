/**
 * A service whose event consumer is not consuming is not ready (503) once the grace period is over,
 * says which group, and shows it in /metrics; it becomes ready again by itself. The fault is real: a
 * member with an incompatible protocol holds the consumer group, so kafkajs cannot join it.
 */
import t from 'tap'
import { createLocalJWKSet, exportJWK, generateKeyPair } from 'jose'
import { EVENT_CATALOG } from '@concert/outbox'
import { createTestDatabase, deleteGroups, randomSuffix, squatGroup, testKafka, waitFor } from '@concert/outbox/testing'
import { createLogger, createService } from '../src/index.ts'

const suffix = randomSuffix()
const name = `platformtest${suffix}`
const tdb = await createTestDatabase(`platform_test_consumer_${suffix}`)
const topic = EVENT_CATALOG.ScheduleCreatedEvent.topic
const groupId = `${name}.${topic}`
const kafka = testKafka(`platform-consumer-test-${suffix}`)

const squatter = await squatGroup(kafka, groupId, topic)

const { publicKey } = await generateKeyPair('ES256')
const password = encodeURIComponent(process.env.MYSQL_ROOT_PASSWORD ?? '')
const service = await createService({
  name,
  description: 'consumer readiness test',
  logger: createLogger(name, process.env.TEST_LOG_LEVEL ?? 'silent'),
  migrations: {},
  keys: createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' }] }),
  config: {
    LOG_LEVEL: 'silent',
    DATABASE_URL: `mysql://root:${password}@${process.env.MYSQL_HOST ?? '127.0.0.1'}:${process.env.MYSQL_PORT ?? 3307}/${tdb.name}`,
    REDIS_URL: '',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    EVENT_CONSUMERS_ENABLED: true,
    OUTBOX_RETENTION_HOURS: 168,
  },
  consumerSupervision: { graceMs: 3_000, restartMinMs: 300, restartMaxMs: 1_000 },
})
service.consume({ ScheduleCreatedEvent: async () => ({ outcome: 'ignored', reason: 'test' }) })
t.teardown(async () => {
  await squatter.release().catch(() => undefined)
  await service.app.close()
  await deleteGroups(kafka, [groupId])
  await tdb.drop()
})

const ready = async () => {
  const r = await service.app.inject({ method: 'GET', url: '/health/ready' })
  return { status: r.statusCode, body: r.json() as { status: string; checks: Record<string, { status: string; detail?: string }> } }
}
const consumerUp = async () => {
  const text = (await service.app.inject({ method: 'GET', url: '/metrics' })).body
  const line = text.split('\n').find((l) => l.startsWith('event_consumer_up{') && l.includes(`group="${groupId}"`))
  return line === undefined ? undefined : Number(line.trim().split(' ').pop())
}

t.test('not consuming past the grace period: readiness 503 naming the group, event_consumer_up 0; then ready by itself', async (t) => {
  await service.start()
  const early = await ready()
  t.equal(early.status, 200, 'within the grace period a joining consumer does not fail readiness')
  t.equal(early.body.checks['kafka']!.status, 'degraded')

  const failing = await waitFor(async () => {
    const r = await ready()
    return r.status === 503 ? r : undefined
  }, { timeoutMs: 30_000, what: 'readiness to fail' })
  t.equal(failing.body.status, 'unavailable')
  t.equal(failing.body.checks['consumers']!.status, 'down')
  t.match(failing.body.checks['consumers']!.detail, new RegExp(`${groupId.replace(/\./g, '\\.')} not consuming for \\d+ s`))
  t.match(failing.body.checks['consumers']!.detail, /protocol/i, 'says why')
  t.equal(await consumerUp(), 0, 'event_consumer_up is 0')

  await squatter.release()
  const back = await waitFor(async () => {
    const r = await ready()
    return r.status === 200 && r.body.checks['kafka']!.status === 'up' ? r : undefined
  }, { timeoutMs: 60_000, what: 'readiness to recover' })
  t.equal(back.body.checks['consumers']!.status, 'up')
  t.equal(await consumerUp(), 1, 'event_consumer_up is 1')
  const metrics = (await service.app.inject({ method: 'GET', url: '/metrics' })).body
  t.match(metrics, new RegExp(`event_consumer_restarts_total\\{[^}]*group="${groupId.replace(/\./g, '\\.')}"[^}]*\\} [1-9]`), 'restarts counted')
})
