/**
 * One-shot job of compose.yaml (service `stack-init`), run once Kafka, Kafka Connect and MySQL are healthy:
 * what `pnpm infra up` does for the local stack after starting them.
 *
 *   1. every topic of outbox/src/topics.ts with TOPIC_PARTITIONS partitions, plus its `<topic>.dlq`
 *      (same as scripts/src/stack/kafka.ts `ensureTopics`);
 *   2. one `<service>-outbox` connector per service database, rendered from debezium/connector.template.json
 *      with the MySQL connector class by `connectorConfig()` (the one template), registered idempotently with
 *      `PUT /connectors/<name>/config`, restarted if FAILED, and waited on until it and its task are RUNNING
 *      (same as scripts/src/stack/connect.ts `registerConnectors`).
 *
 * Exits 0 when done, so the services (depends_on: service_completed_successfully) start only after every
 * connector runs. Safe to run again: `docker compose run --rm stack-init`.
 *
 * Run with `node --import tsx compose/stack-init.ts` from the repository root (the app image's /app).
 */
import { createRequire } from 'node:module'
import { ConnectClient, connectorConfig } from '../outbox/src/connector.ts'
import { TOPICS, TOPIC_PARTITIONS, dlqTopic } from '../outbox/src/topics.ts'
import { SERVICES, connectorOf, databaseOf, serverIdOf } from '../scripts/src/stack/services.ts'

// kafkajs is a dependency of @concert/outbox, not of the workspace root: resolve it from there.
const requireFromOutbox = createRequire(new URL('../outbox/package.json', import.meta.url))
const { Kafka, logLevel } = requireFromOutbox('kafkajs') as typeof import('kafkajs')

function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback
  if (!value) {
    console.error(`stack-init: ${name} is not set`)
    process.exit(2)
  }
  return value
}

const KAFKA_BROKERS = env('KAFKA_BROKERS', 'kafka:9092')
const CONNECT_URL = env('CONNECT_URL', 'http://connect:8083')
const DB_HOST = env('DB_HOST', 'mysql')
const DB_PORT = Number(env('DB_PORT', '3306'))
const DEBEZIUM_DB_USER = env('DEBEZIUM_DB_USER', 'debezium')
const DEBEZIUM_DB_PASSWORD = env('DEBEZIUM_DB_PASSWORD')

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function retry<T>(what: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await fn()
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`)
      console.log(`  … waiting for ${what} (${(error as Error).message})`)
      await sleep(2000)
    }
  }
}

async function ensureTopics(): Promise<void> {
  const admin = new Kafka({ clientId: 'concert-stack-init', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin()
  await retry(`Kafka at ${KAFKA_BROKERS}`, 120_000, () => admin.connect())
  try {
    const wanted = [...TOPICS, ...TOPICS.map(dlqTopic)]
    const existing = new Set(await admin.listTopics())
    const missing = wanted.filter((topic) => !existing.has(topic))
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: TOPIC_PARTITIONS, replicationFactor: 1 })),
      })
    }
    const meta = await admin.fetchTopicMetadata({ topics: wanted })
    const short = meta.topics.filter((t) => t.partitions.length < TOPIC_PARTITIONS)
    if (short.length > 0) {
      await admin.createPartitions({ topicPartitions: short.map((t) => ({ topic: t.name, count: TOPIC_PARTITIONS })) })
    }
    console.log(`✓ ${wanted.length} topics with ${TOPIC_PARTITIONS} partitions (${missing.length} created)`)
  } finally {
    await admin.disconnect()
  }
}

async function registerConnectors(): Promise<void> {
  const connect = new ConnectClient(CONNECT_URL)
  await retry(`Kafka Connect at ${CONNECT_URL}`, 180_000, () => connect.list())
  await Promise.all(
    SERVICES.map(async (service) => {
      const name = connectorOf(service)
      const config = connectorConfig({
        name,
        database: databaseOf(service),
        engine: 'mysql',
        host: DB_HOST,
        port: DB_PORT,
        user: DEBEZIUM_DB_USER,
        password: DEBEZIUM_DB_PASSWORD,
        serverId: serverIdOf(service),
        kafkaBootstrap: KAFKA_BROKERS,
        replicationFactor: 1,
      })
      await connect.put(name, config)
      const status = await connect.status(name)
      if (status && (status.connector.state === 'FAILED' || status.tasks.some((task) => task.state === 'FAILED'))) {
        console.log(`  ${name} was FAILED: restarting it`)
        await connect.restart(name)
      }
      await connect.waitRunning(name, 120_000)
      console.log(`✓ ${name} RUNNING (${databaseOf(service)}.outbox)`)
    }),
  )
}

try {
  await ensureTopics()
  await registerConnectors()
  console.log('stack-init: done')
} catch (error) {
  console.error(`stack-init failed: ${(error as Error).message}`)
  console.error('see `docker compose logs connect` and `curl -s 127.0.0.1:8083/connectors?expand=status`')
  process.exit(1)
}
