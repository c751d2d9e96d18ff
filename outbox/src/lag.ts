/**
 * Consumer lag as the broker sees it: a group's committed offsets against each partition's watermarks.
 * Unlike the lag a running consumer reports about itself, this keeps rising when the consumer stalls or
 * dies, and it exists for a group that never committed (its lag is everything still in the log, since
 * the runtime subscribes from the beginning). Used by each service's `kafka_consumergroup_lag` gauge
 * (platform/src/broker-lag.ts) and by `pnpm ops status|lag`.
 */
import type { Admin } from 'kafkajs'

export interface PartitionCommittedLag {
  partition: number
  /** the group's committed offset (next record it reads), null when it never committed here */
  committed: string | null
  low: string
  high: string
  /** high − committed, or high − low when nothing is committed */
  lag: number
}

export interface CommittedLag {
  groupId: string
  topic: string
  /** Σ lag of the partitions */
  lag: number
  /** Σ of the positions (committed, else low): moves whenever the group commits */
  position: number
  partitions: PartitionCommittedLag[]
}

/** Lag of `groupId` on `topic` from the broker's committed offsets and the topic's watermarks. */
export async function committedLag(admin: Admin, groupId: string, topic: string, watermarks?: Array<{ partition: number; low: string; high: string }>): Promise<CommittedLag> {
  const [committed, marks] = await Promise.all([
    admin.fetchOffsets({ groupId, topics: [topic] }),
    watermarks ? Promise.resolve(watermarks) : admin.fetchTopicOffsets(topic),
  ])
  const byPartition = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, p.offset]))
  const partitions = [...marks].sort((a, b) => a.partition - b.partition).map((w) => {
    const c = byPartition.get(w.partition)
    const has = c !== undefined && Number(c) >= 0
    const from = has ? BigInt(c) : BigInt(w.low)
    const lag = BigInt(w.high) - from
    return { partition: w.partition, committed: has ? c : null, low: w.low, high: w.high, lag: Number(lag > 0n ? lag : 0n) }
  })
  return {
    groupId,
    topic,
    lag: partitions.reduce((s, p) => s + p.lag, 0),
    position: partitions.reduce((s, p) => s + Number(p.committed ?? p.low), 0),
    partitions,
  }
}
