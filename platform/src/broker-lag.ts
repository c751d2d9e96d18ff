import { Gauge, type Registry } from 'prom-client'
import type { Logger } from 'pino'
import { committedLag, dlqTopic, type CommittedLag, type createKafka } from '@concert/outbox'

type Kafka = ReturnType<typeof createKafka>
type Admin = ReturnType<Kafka['admin']>

/** At most one broker read per this many ms, however often /metrics is scraped. */
const REFRESH_MS = 4_000
const TIMEOUT_MS = 3_000
/** `pnpm ops dlq replay <topic>` commits what it replayed as this group on <topic>.dlq (scripts/src/ops/kafka.ts). */
const DLQ_REPLAY_GROUP_PREFIX = 'ops.dlq-replay.'

/**
 * `kafka_consumergroup_lag{group,topic}`: the lag of this service's consumer groups read from the
 * broker's committed offsets at scrape time (outbox/src/lag.ts), not from the consumer itself, so it
 * keeps rising while a consumer is stalled, restarting or gone, and a group that never committed is
 * there too. `kafka_dlq_records{topic}` counts what waits in <topic>.dlq. `kafka_consumergroup_position` (Σ committed offsets) stops moving when the group stops
 * committing; `kafka_consumergroup_lag_read_ok` is 0 when the last read failed (values are then the
 * previous ones). Every instance of a service reports the same groups: aggregate with max by (group).
 */
export function registerBrokerLag(registry: Registry, kafka: Kafka, groups: ReadonlyArray<{ groupId: string; topic: string }>, logger: Logger): () => Promise<void> {
  let admin: Admin | undefined
  let last: CommittedLag[] = []
  let dlq: CommittedLag[] = []
  const topics = [...new Set(groups.map((g) => g.topic))].sort()
  let readAt = 0
  let ok = 0
  let reading: Promise<void> | undefined

  async function read(): Promise<void> {
    try {
      if (!admin) {
        admin = kafka.admin()
        await admin.connect()
      }
      const a = admin
      const marks = new Map<string, Promise<Array<{ partition: number; low: string; high: string }>>>()
      const marksOf = (topic: string) => marks.get(topic) ?? marks.set(topic, a.fetchTopicOffsets(topic)).get(topic)!
      ;[last, dlq] = await Promise.race([
        Promise.all([
          Promise.all(groups.map(async (g) => committedLag(a, g.groupId, g.topic, await marksOf(g.topic)))),
          // records dead-lettered and not yet replayed: the lag of `pnpm ops dlq replay`'s group on <topic>.dlq
          Promise.all(topics.map(async (t) => committedLag(a, `${DLQ_REPLAY_GROUP_PREFIX}${t}`, dlqTopic(t), await marksOf(dlqTopic(t))))),
        ]),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref()),
      ])
      ok = 1
    } catch (error) {
      ok = 0
      logger.debug({ err: (error as Error).message }, 'reading consumer group lag from the broker failed')
      const stale = admin
      admin = undefined
      await stale?.disconnect().catch(() => undefined)
    }
  }
  const refresh = async () => {
    if (Date.now() - readAt >= REFRESH_MS) {
      readAt = Date.now()
      reading ??= read().finally(() => { reading = undefined })
    }
    await reading
  }

  const registers = [registry]
  new Gauge({
    name: 'kafka_consumergroup_lag',
    help: "Records behind the partition ends of this service's consumer groups, from the broker's committed offsets",
    labelNames: ['group', 'topic'],
    registers,
    async collect() {
      await refresh()
      for (const l of last) this.set({ group: l.groupId, topic: l.topic }, l.lag)
    },
  })
  new Gauge({
    name: 'kafka_consumergroup_position',
    help: 'Σ committed offsets (the low watermark where none) of the group: it stops moving when the group stops committing',
    labelNames: ['group', 'topic'],
    registers,
    async collect() {
      await refresh()
      for (const l of last) this.set({ group: l.groupId, topic: l.topic }, l.position)
    },
  })
  new Gauge({
    name: 'kafka_dlq_records',
    help: 'Records in the dead-letter topic <topic>.dlq of a topic this service consumes that `pnpm ops dlq replay` has not replayed',
    labelNames: ['topic'],
    registers,
    async collect() {
      await refresh()
      for (const d of dlq) this.set({ topic: d.topic.replace(/\.dlq$/, '') }, d.lag)
    },
  })
  new Gauge({
    name: 'kafka_consumergroup_lag_read_ok',
    help: 'Whether the last read of the consumer groups\' offsets from the broker succeeded',
    registers,
    async collect() {
      await refresh()
      this.set(ok)
    },
  })
  return async () => {
    await reading
    await admin?.disconnect().catch(() => undefined)
  }
}
