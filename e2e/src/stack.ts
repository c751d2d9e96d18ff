/**
 * Direct access to the stack for checks: one Kysely per service database (the services' own
 * accounts from stack.env), Redis as admin, and Kafka admin helpers (consumer lag, DLQ offsets,
 * resetting groups).
 */
import { Redis } from 'ioredis'
import { Kafka, logLevel, type Admin } from 'kafkajs'
import { Kysely, MysqlDialect } from 'kysely'
import { createPool } from 'mysql2'
import { TOPICS, dlqTopic, resetGroupToEarliest } from '@concert/outbox'
import { SERVICE_DBS, consumerGroups, type ServiceDb } from '@concert/scripts/invariants'
import { readStackEnv } from '../../scripts/src/services.ts'

// who consumes what, and the service databases: shared with `pnpm ops` (@concert/scripts/invariants)
export { CONSUMERS, SERVICE_DBS, consumerGroups, type ServiceDb } from '@concert/scripts/invariants'

export class Stack {
  readonly env = readStackEnv()
  readonly db: Record<ServiceDb, Kysely<any>>
  readonly redis: Redis
  readonly kafka: Kafka
  private adminClient: Admin | undefined

  constructor() {
    const open = (url: string) => {
      const pool = createPool({ uri: url, connectionLimit: 4, timezone: 'Z', supportBigNumbers: true, bigNumberStrings: false, decimalNumbers: true })
      pool.on('connection', (c) => c.query("SET time_zone = '+00:00'"))
      return new Kysely<any>({ dialect: new MysqlDialect({ pool }) })
    }
    this.db = Object.fromEntries(SERVICE_DBS.map((s) => [s, open(this.env[`${s.toUpperCase()}_DATABASE_URL`]!)])) as Record<ServiceDb, Kysely<any>>
    this.redis = new Redis(this.env['REDIS_ADMIN_URL']!, { lazyConnect: false, maxRetriesPerRequest: 2 })
    this.kafka = new Kafka({ clientId: 'e2e', brokers: this.env['KAFKA_BROKERS']!.split(','), logLevel: logLevel.NOTHING })
  }

  async admin(): Promise<Admin> {
    if (!this.adminClient) {
      this.adminClient = this.kafka.admin()
      await this.adminClient.connect()
    }
    return this.adminClient
  }

  /** Lag per group: sum over partitions of (high watermark − committed offset, or − low when none). */
  async consumerLag(): Promise<Record<string, number>> {
    const admin = await this.admin()
    const highs = new Map<string, Map<number, { high: number; low: number }>>()
    for (const topic of TOPICS) {
      const offsets = await admin.fetchTopicOffsets(topic)
      highs.set(topic, new Map(offsets.map((o) => [o.partition, { high: Number(o.high), low: Number(o.low) }])))
    }
    const lag: Record<string, number> = {}
    for (const { groupId, topic } of consumerGroups()) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] })
      let sum = 0
      for (const p of committed?.partitions ?? []) {
        const h = highs.get(topic)!.get(p.partition)!
        const at = Number(p.offset) < 0 ? h.low : Number(p.offset)
        sum += Math.max(0, h.high - at)
      }
      lag[groupId] = sum
    }
    return lag
  }

  /** High watermarks summed per DLQ topic: a new dead letter during a test is a failure. */
  async dlqOffsets(): Promise<Record<string, number>> {
    const admin = await this.admin()
    const out: Record<string, number> = {}
    for (const topic of TOPICS) {
      const offsets = await admin.fetchTopicOffsets(dlqTopic(topic)).catch(() => [])
      out[dlqTopic(topic)] = offsets.reduce((sum, o) => sum + Number(o.high), 0)
    }
    return out
  }

  /** Every group back to the earliest offset (the services must be stopped: no members). */
  async resetAllGroupsToEarliest(): Promise<void> {
    for (const { groupId, topic } of consumerGroups()) await resetGroupToEarliest(this.kafka, groupId, topic)
  }

  /** Groups that still have members (a service or a developer's `pnpm start` consuming). */
  async activeGroups(): Promise<string[]> {
    const admin = await this.admin()
    const ids = consumerGroups().map((g) => g.groupId)
    const { groups } = await admin.describeGroups(ids)
    return groups.filter((g) => g.members.length > 0).map((g) => `${g.groupId} (${g.members.map((m) => m.clientHost).join(', ')})`)
  }

  async close(): Promise<void> {
    await this.adminClient?.disconnect().catch(() => undefined)
    this.redis.disconnect()
    await Promise.all(SERVICE_DBS.map((s) => this.db[s].destroy()))
  }
}
