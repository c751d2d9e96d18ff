/**
 * Kafka side of `pnpm ops`: consumer lag per group/topic/partition, DLQ depth, topic resolution and a
 * bounded reader (read a topic between two offsets per partition, then stop).
 */
import { randomBytes } from 'node:crypto'
import type { Admin, Consumer, IHeaders, Kafka } from 'kafkajs'
import { TOPICS, dlqTopic } from '@concert/outbox/topics'
import { consumerGroups } from '@concert/outbox/subscriptions'
import { committedLag } from '@concert/outbox/lag'
import { OpsError, STACK_FIX, UsageError, settings, tcpOpen } from './cli.ts'

export const REPLAY_GROUP_PREFIX = 'ops.dlq-replay.'
/** The consumer group whose committed offsets on `<topic>.dlq` mark what `dlq replay` has replayed. */
export const replayGroupOf = (topic: string) => `${REPLAY_GROUP_PREFIX}${topic}`
/** Throwaway groups used to read a topic (dlq list, dlq replay --id scan); deleted afterwards. */
export const SCAN_GROUP_PREFIX = 'ops.scan.'

export const baseTopicOf = (t: string) => t.replace(/\.dlq$/, '')

/**
 * The runtime of @concert/outbox (createKafka, createProducer, headerString). Its root module also loads
 * the event catalog, Kysely and mysql2 (seconds on a busy machine), so it is imported only by the
 * commands that talk to Kafka, once `openKafka` has checked a broker is there.
 */
export type OutboxRuntime = typeof import('@concert/outbox')
let runtime: OutboxRuntime | undefined
export function outbox(): OutboxRuntime {
  if (!runtime) throw new Error('openKafka() first')
  return runtime
}

/** A Kafka client for ops, after checking a broker accepts connections (fails in 1 s, not after 30 s of retries). */
export async function openKafka(): Promise<Kafka> {
  const { brokers } = settings()
  const reachable = await Promise.all(brokers.map((b) => tcpOpen(b)))
  if (!reachable.some(Boolean)) throw new OpsError(`Kafka is unreachable at ${brokers.join(',')}`, STACK_FIX)
  runtime ??= await import('@concert/outbox')
  return runtime.createKafka({ brokers, clientId: 'ops' })
}

export async function withAdmin<T>(kafka: Kafka, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin()
  try {
    await admin.connect()
  } catch (err) {
    throw new OpsError(`Kafka admin connection failed: ${(err as Error).message}`, STACK_FIX)
  }
  try {
    return await fn(admin)
  } finally {
    await admin.disconnect().catch(() => undefined)
  }
}

export interface PartitionOffsets {
  partition: number
  low: string
  high: string
}

/** Low and high watermarks of each partition of `topic`, sorted by partition. */
export async function topicOffsets(admin: Admin, topic: string): Promise<PartitionOffsets[]> {
  const r = await admin.fetchTopicOffsets(topic)
  return r.map((p) => ({ partition: p.partition, low: p.low, high: p.high })).sort((a, b) => a.partition - b.partition)
}

// ---------------------------------------------------------------- consumer lag

export interface PartitionLag {
  partition: number
  /** the group's committed offset (next record it will read), null when it never committed here */
  committed: string | null
  low: string
  high: string
  /** high − committed (high − low when nothing is committed: the group would start from the beginning) */
  lag: number
}

export interface GroupTopicLag {
  group: string
  topic: string
  /** Stable, Empty, PreparingRebalance, CompletingRebalance, Dead, or Unknown */
  state: string
  members: number
  lag: number
  partitions: PartitionLag[]
}

const CATALOG = new Set<string>(TOPICS)

/**
 * Lag of every consumer group on every topic it has committed offsets for, plus every group the services
 * define (outbox/src/subscriptions.ts) on its topic even if it never committed (lag: all that is in the
 * log; state `Dead` when the broker does not know the group), so a dead consumer on a quiet topic shows.
 * By default only groups reading the platform's topics (TOPICS); `all` adds every other group (tests,
 * tools, ops' own).
 */
export async function consumerLag(admin: Admin, opts: { all?: boolean; group?: string } = {}): Promise<GroupTopicLag[]> {
  const { groups } = await admin.listGroups()
  let ids = groups.filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId)
  const defined = consumerGroups().filter((g) => opts.group === undefined || g.groupId === opts.group)
  if (opts.group !== undefined) {
    if (!ids.includes(opts.group) && defined.length === 0) {
      const known = ids.filter((g) => !g.startsWith(SCAN_GROUP_PREFIX)).sort()
      throw new UsageError(`unknown consumer group ${opts.group}`, known.length > 0 ? `known groups: ${known.join(', ')}` : 'there are no consumer groups yet')
    }
    ids = ids.includes(opts.group) ? [opts.group] : []
  }
  ids = ids.filter((g) => !g.startsWith(SCAN_GROUP_PREFIX) || g === opts.group)
  if (ids.length === 0 && defined.length === 0) return []
  const described = await admin.describeGroups([...new Set([...ids, ...defined.map((g) => g.groupId)])])
  const info = new Map(described.groups.map((g) => [g.groupId, { state: g.state, members: g.members.length }]))
  const offsetsCache = new Map<string, Promise<PartitionOffsets[]>>()
  const offsetsOf = (t: string) => {
    let p = offsetsCache.get(t)
    if (!p) offsetsCache.set(t, (p = topicOffsets(admin, t)))
    return p
  }
  const perGroup = await Promise.all(
    ids.map(async (group) => {
      const committed = await admin.fetchOffsets({ groupId: group })
      const rows: GroupTopicLag[] = []
      for (const { topic, partitions } of committed) {
        if (!opts.all && opts.group === undefined && !CATALOG.has(topic)) continue
        let wm: PartitionOffsets[]
        try {
          wm = await offsetsOf(topic)
        } catch {
          continue // the topic was deleted; its committed offsets linger until the group expires
        }
        const byPartition = new Map(partitions.map((p) => [p.partition, p.offset]))
        const parts: PartitionLag[] = wm.map((w) => {
          const c = byPartition.get(w.partition)
          const has = c !== undefined && Number(c) >= 0
          const from = has ? BigInt(c) : BigInt(w.low)
          const lag = BigInt(w.high) - from
          return { partition: w.partition, committed: has ? c : null, low: w.low, high: w.high, lag: Number(lag > 0n ? lag : 0n) }
        })
        const i = info.get(group)
        rows.push({ group, topic, state: i?.state ?? 'Unknown', members: i?.members ?? 0, lag: parts.reduce((s, p) => s + p.lag, 0), partitions: parts })
      }
      return rows
    }),
  )
  const rows = perGroup.flat()
  const seen = new Set(rows.map((r) => `${r.group} ${r.topic}`))
  for (const g of defined.filter((d) => !seen.has(`${d.groupId} ${d.topic}`))) {
    let wm: PartitionOffsets[]
    try {
      wm = await offsetsOf(g.topic)
    } catch {
      continue // the topic does not exist (yet): `pnpm ops status` reports missing topics
    }
    const lag = await committedLag(admin, g.groupId, g.topic, wm)
    const i = info.get(g.groupId)
    rows.push({ group: g.groupId, topic: g.topic, state: i?.state ?? 'Dead', members: i?.members ?? 0, lag: lag.lag, partitions: lag.partitions })
  }
  return rows.sort((a, b) => a.group.localeCompare(b.group) || a.topic.localeCompare(b.topic))
}

// ---------------------------------------------------------------- DLQ depth

export interface DlqDepth {
  topic: string
  dlqTopic: string
  /** records in the DLQ topic now: Σ high − low */
  depth: number
  /** of those, not yet replayed by `pnpm ops dlq replay` (beyond ops.dlq-replay.<topic>'s offsets) */
  notReplayed: number
}

/**
 * Depth of `<topic>.dlq` for the platform's topics; with `all`, of every `*.dlq` topic in the cluster.
 */
export async function dlqDepths(admin: Admin, opts: { all?: boolean } = {}): Promise<DlqDepth[]> {
  const existing = new Set(await admin.listTopics())
  const bases = new Set<string>(TOPICS)
  if (opts.all) for (const t of existing) if (t.endsWith('.dlq')) bases.add(baseTopicOf(t))
  const rows = await Promise.all(
    [...bases].sort().map(async (topic): Promise<DlqDepth | null> => {
      const dlq = dlqTopic(topic)
      if (!existing.has(dlq)) return null
      const wm = await topicOffsets(admin, dlq)
      const progress = await replayProgress(admin, topic)
      let depth = 0n
      let pending = 0n
      for (const w of wm) {
        const low = BigInt(w.low)
        const high = BigInt(w.high)
        depth += high - low
        const p = progress.get(w.partition)
        const start = p && p.committed > low ? p.committed : low
        let n = high > start ? high - start : 0n
        if (p) for (const o of p.replayed) if (o >= start && o < high) n -= 1n
        pending += n
      }
      return { topic, dlqTopic: dlq, depth: Number(depth), notReplayed: Number(pending) }
    }),
  )
  return rows.filter((r): r is DlqDepth => r !== null)
}

// ---------------------------------------------------------------- topics

/** `order-topic` or `order-topic.dlq` → `order-topic`, after checking `<topic>.dlq` exists (else exit 2). */
export async function resolveDlqTopic(admin: Admin, arg: string): Promise<string> {
  const base = baseTopicOf(arg.trim())
  const topics = await admin.listTopics()
  if (!topics.includes(dlqTopic(base))) {
    const known = topics.filter((t) => t.endsWith('.dlq')).map(baseTopicOf).sort()
    throw new UsageError(`no DLQ topic ${dlqTopic(base)} (topic ${JSON.stringify(arg)})`, `DLQ topics: ${known.join(', ') || '(none)'}`)
  }
  return base
}

// ---------------------------------------------------------------- replay progress

/**
 * What `dlq replay` has replayed on one partition of `<topic>.dlq`: every offset below `committed`, plus
 * the offsets in `replayed` (records replayed one by one with --id, above `committed`). Stored as the
 * committed offset of group ops.dlq-replay.<topic> and its metadata string `{"replayed":[...]}`.
 */
export interface ReplayProgress {
  committed: bigint
  replayed: Set<bigint>
}

export async function replayProgress(admin: Admin, topic: string): Promise<Map<number, ReplayProgress>> {
  const out = new Map<number, ReplayProgress>()
  const r = await admin.fetchOffsets({ groupId: replayGroupOf(topic), topics: [dlqTopic(topic)] })
  for (const t of r) {
    for (const p of t.partitions) {
      if (Number(p.offset) < 0) continue
      out.set(p.partition, { committed: BigInt(p.offset), replayed: parseReplayed(p.metadata) })
    }
  }
  return out
}

export function parseReplayed(metadata: string | null | undefined): Set<bigint> {
  if (!metadata) return new Set()
  try {
    const j = JSON.parse(metadata) as { replayed?: unknown }
    return new Set(Array.isArray(j.replayed) ? j.replayed.map((o) => BigInt(String(o))) : [])
  } catch {
    return new Set()
  }
}

export function encodeReplayed(s: Set<bigint>): string | null {
  if (s.size === 0) return null
  return JSON.stringify({ replayed: [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String) })
}

// ---------------------------------------------------------------- bounded reader

export interface RawRecord {
  topic: string
  partition: number
  offset: string
  timestamp: string
  key: Buffer | null
  value: Buffer | null
  headers: IHeaders
}

export interface Reader {
  records: RawRecord[]
  /** the consumer, still in its group with the topic paused (to commit offsets), or null if nothing was read */
  consumer: Consumer | null
  close(): Promise<void>
}

/**
 * Reads `topic` between `from` (inclusive) and `to` (exclusive) on each partition listed in `ranges`, as
 * member of `groupId`, without committing anything. Resolves once every range is read.
 */
export async function readRanges(
  kafka: Kafka,
  opts: { topic: string; groupId: string; ranges: Map<number, { from: bigint; to: bigint }>; timeoutMs?: number },
): Promise<Reader> {
  const pending = new Set([...opts.ranges].filter(([, r]) => r.to > r.from).map(([p]) => p))
  const records: RawRecord[] = []
  if (pending.size === 0) return { records, consumer: null, close: async () => undefined }
  const consumer = kafka.consumer({
    groupId: opts.groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 100,
    sessionTimeout: 30_000,
    retry: { retries: 3 },
  })
  const close = async () => {
    await consumer.disconnect().catch(() => undefined)
  }
  let finish!: () => void
  let fail!: (e: Error) => void
  const done = new Promise<void>((res, rej) => {
    finish = res
    fail = rej
  })
  consumer.on(consumer.events.CRASH, (e) => fail(new OpsError(`reading ${opts.topic} failed: ${e.payload.error.message}`)))
  try {
    await consumer.connect()
    await consumer.subscribe({ topics: [opts.topic], fromBeginning: true })
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch }) => {
        const range = opts.ranges.get(batch.partition)
        if (!range || !pending.has(batch.partition)) return
        for (const m of batch.messages) {
          const o = BigInt(m.offset)
          if (o >= range.from && o < range.to)
            records.push({ topic: batch.topic, partition: batch.partition, offset: m.offset, timestamp: m.timestamp, key: m.key ?? null, value: m.value ?? null, headers: m.headers ?? {} })
        }
        if (BigInt(batch.lastOffset()) >= range.to - 1n) {
          pending.delete(batch.partition)
          if (pending.size === 0) finish()
        }
      },
    })
    for (const [partition, r] of opts.ranges) if (r.to > r.from) consumer.seek({ topic: opts.topic, partition, offset: r.from.toString() })
    const timeoutMs = opts.timeoutMs ?? 60_000
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      done,
      new Promise<never>((_, rej) => {
        timer = setTimeout(
          () => rej(new OpsError(`timed out after ${timeoutMs / 1000}s reading ${opts.topic} (partitions not finished: ${[...pending].join(', ')})`, 'is Kafka healthy? `pnpm ops status`')),
          timeoutMs,
        )
      }),
    ]).finally(() => clearTimeout(timer))
    consumer.pause([{ topic: opts.topic }])
  } catch (err) {
    await close()
    throw err
  }
  records.sort((a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1))
  return { records, consumer, close }
}

export const newScanGroup = (what: string) => `${SCAN_GROUP_PREFIX}${what}.${process.pid}-${randomBytes(3).toString('hex')}`

/** Deletes a throwaway group (best effort: it is harmless if it stays until the broker expires it). */
export async function deleteGroup(admin: Admin, groupId: string): Promise<void> {
  await admin.deleteGroups([groupId]).catch(() => undefined)
}

export const header = (headers: IHeaders, name: string) => outbox().headerString(headers, name)
