/**
 * Helpers for tests against the real local stack (`@concert/outbox/testing`): throw-away databases,
 * topics, a record collector and polling. Never used by production code.
 */
import { randomBytes } from 'node:crypto'
import { Kafka, PartitionAssigners, type IHeaders } from 'kafkajs'
import { Kysely, MysqlDialect, sql } from 'kysely'
import { createPool } from 'mysql2'
import { ConnectClient, connectorConfig, type Engine } from './connector.ts'
import { createKafka, headerString } from './consumer.ts'
import { outboxMigration } from './migration.ts'

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

export function randomSuffix(bytes = 4): string {
  return randomBytes(bytes).toString('hex')
}

function env(name: string): string {
  const v = process.env[name]
  if (!v) throw new Error(`${name} is not set: run \`pnpm infra up\` (it writes .data/stack.env)`)
  return v
}

/** Polls `fn` until it returns something other than undefined/false/null; throws after timeoutMs. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000)
  let lastError: unknown
  for (;;) {
    try {
      const v = await fn()
      if (v !== undefined && v !== null && v !== false) return v
    } catch (err) {
      lastError = err
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : ''
      throw new Error(`timed out after ${opts.timeoutMs ?? 30_000} ms waiting for ${opts.what ?? 'condition'}${why}`)
    }
    await sleep(opts.intervalMs ?? 50)
  }
}

export function kyselyFor<DB>(database: string, user = 'root', password = env('MYSQL_ROOT_PASSWORD')): Kysely<DB> {
  return new Kysely<DB>({
    dialect: new MysqlDialect({
      pool: createPool({
        host: process.env.MYSQL_HOST ?? '127.0.0.1',
        port: Number(process.env.MYSQL_PORT ?? 3307),
        user,
        password,
        database,
        timezone: 'Z',
        connectionLimit: 10,
      }),
    }),
  })
}

export interface TestDatabase<DB> {
  name: string
  db: Kysely<DB>
  /** drops the database and closes the pool */
  drop(): Promise<void>
}

/**
 * Creates (or re-creates) database `name` with the outbox tables, readable by the Debezium account
 * (SELECT for the initial snapshot), and returns a Kysely on it as root.
 */
export async function createTestDatabase<DB>(name: string, opts: { recreate?: boolean } = {}): Promise<TestDatabase<DB>> {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`)
  const admin = kyselyFor<unknown>('mysql')
  try {
    if (opts.recreate ?? true) await sql`DROP DATABASE IF EXISTS ${sql.id(name)}`.execute(admin)
    await sql`CREATE DATABASE IF NOT EXISTS ${sql.id(name)} CHARACTER SET utf8mb4`.execute(admin)
    const dbz = process.env.DEBEZIUM_DB_USER ?? 'debezium'
    await sql`GRANT SELECT, LOCK TABLES ON ${sql.id(name)}.* TO ${sql.lit(dbz)}@'%'`.execute(admin)
  } finally {
    await admin.destroy()
  }
  const db = kyselyFor<DB>(name)
  await outboxMigration.up(db)
  return {
    name,
    db,
    async drop() {
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)}`.execute(db).catch(() => undefined)
      await db.destroy()
    },
  }
}

export function testKafka(clientId = 'outbox-test'): Kafka {
  return createKafka({ clientId })
}

export async function createTopics(kafka: Kafka, topics: string[], partitions = 6): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    })
  } finally {
    await admin.disconnect()
  }
}

export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    await admin.deleteTopics({ topics })
  } catch {
    /* best effort */
  } finally {
    await admin.disconnect()
  }
}

export async function deleteGroups(kafka: Kafka, groupIds: string[]): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    await admin.deleteGroups(groupIds)
  } catch {
    /* best effort */
  } finally {
    await admin.disconnect()
  }
}

export interface CollectedRecord {
  topic: string
  partition: number
  offset: string
  key: string | null
  value: Buffer | null
  headers: Record<string, string>
  /** the value parsed as JSON (undefined when it is not JSON) */
  json: unknown
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of Object.keys(headers ?? {})) {
    const v = headerString(headers, name)
    if (v !== undefined) out[name] = v
  }
  return out
}

/** Reads a topic from the beginning with a fresh group and keeps every record. */
export class RecordCollector {
  readonly records: CollectedRecord[] = []
  private readonly consumer
  private readonly groupId: string
  private constructor(
    private readonly kafka: Kafka,
    readonly topic: string,
  ) {
    this.groupId = `collector-${topic}-${randomSuffix()}`
    this.consumer = kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false })
  }

  static async start(kafka: Kafka, topic: string): Promise<RecordCollector> {
    const c = new RecordCollector(kafka, topic)
    let joined = false
    c.consumer.on(c.consumer.events.GROUP_JOIN, () => {
      joined = true
    })
    await c.consumer.connect()
    await c.consumer.subscribe({ topics: [topic], fromBeginning: true })
    await c.consumer.run({
      eachMessage: async ({ topic: t, partition, message }) => {
        let json: unknown
        try {
          json = message.value ? JSON.parse(message.value.toString('utf8')) : undefined
        } catch {
          json = undefined
        }
        c.records.push({
          topic: t,
          partition,
          offset: message.offset,
          key: message.key ? message.key.toString('utf8') : null,
          value: message.value,
          headers: decodeHeaders(message.headers),
          json,
        })
      },
    })
    await waitFor(() => joined, { what: `collector on ${topic} to join`, timeoutMs: 30_000 })
    return c
  }

  async waitForCount(n: number, timeoutMs = 60_000): Promise<CollectedRecord[]> {
    await waitFor(() => this.records.length >= n, { timeoutMs, what: `${n} records on ${this.topic} (have ${this.records.length})` })
    return this.records
  }

  /** disconnects and deletes its consumer group */
  async stop(): Promise<void> {
    await this.consumer.disconnect()
    await deleteGroups(this.kafka, [this.groupId])
  }
}

/** Registers (PUT) an outbox connector for a test database and waits until it runs. */
export async function registerTestConnector(name: string, database: string, serverId: number): Promise<ConnectClient> {
  const client = new ConnectClient(env('CONNECT_URL'))
  const config = connectorConfig({
    name,
    database,
    engine: (process.env.STACK_ENGINE ?? 'mariadb') as Engine,
    host: process.env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(process.env.MYSQL_PORT ?? 3307),
    user: process.env.DEBEZIUM_DB_USER ?? 'debezium',
    password: env('DEBEZIUM_DB_PASSWORD'),
    serverId,
    kafkaBootstrap: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  })
  await client.put(name, config)
  await client.waitRunning(name, 90_000)
  return client
}

export { startTcpProxy, type TcpProxy } from './tcp-proxy.ts'

/**
 * Occupies consumer group `groupId` with a member whose partition assignor no runtime consumer speaks:
 * anyone else joining gets INCONSISTENT_GROUP_PROTOCOL, a crash kafkajs does not restart from. A real
 * way to keep a consumer out of its group until `release()`.
 */
export async function squatGroup(kafka: Kafka, groupId: string, topic: string): Promise<{ release(): Promise<void> }> {
  const squatter = kafka.consumer({
    groupId,
    partitionAssigners: [(config) => ({ ...PartitionAssigners.roundRobin(config), name: 'Squatter' })],
  })
  let joined = false
  squatter.on(squatter.events.GROUP_JOIN, () => { joined = true })
  await squatter.connect()
  await squatter.subscribe({ topics: [topic] })
  await squatter.run({ autoCommit: false, eachMessage: async () => undefined }) // reads, never commits
  await waitFor(() => joined, { what: `a squatter to hold ${groupId}` })
  let released = false
  return {
    async release() {
      if (released) return
      released = true
      await squatter.disconnect()
    },
  }
}
