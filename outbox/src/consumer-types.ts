/** The consumer runtime's public types (re-exported by consumer.ts). */
import type { Kafka, ConsumerConfig } from 'kafkajs'
import type { Kysely, Transaction } from 'kysely'
import type { EventName, EventPayload } from './catalog.ts'

export type HandlerResult = { outcome: 'applied' } | { outcome: 'ignored'; reason: string }

export interface HandlerContext<N extends EventName = EventName> {
  eventId: string
  eventType: N
  topic: string
  partition: number
  offset: string
  key: string | null
  traceparent: string | undefined
  /** 1 on first delivery to the handler, 2.. on retries */
  attempt: number
  logger: Logger
  /**
   * Work to do once the transaction has committed (refreshing a cache, freeing a Redis slot): it
   * never runs for a rolled-back attempt, and its failure is logged, never retried or dead-lettered.
   */
  afterCommit(fn: () => Promise<unknown> | unknown): void
}

export type EventHandler<DB, N extends EventName> = (
  trx: Transaction<DB>,
  event: EventPayload<N>,
  ctx: HandlerContext<N>,
) => Promise<HandlerResult | void>

export type EventHandlers<DB> = { [N in EventName]?: EventHandler<DB, N> }

/** What happened to a record: `duplicate` = already processed by this consumer, `skipped` = no handler here. */
export type RecordOutcome = 'applied' | 'ignored' | 'duplicate' | 'skipped' | 'dlq'

export interface OutcomeInfo {
  /** the service consuming (processed_event.consumer) */
  consumer: string
  topic: string
  partition: number
  offset: string
  eventType: string | undefined
  eventId: string | undefined
  /** the record key: the saga's business id (reservationId or orderId) */
  aggregateId: string | undefined
  /** the event's own timestamp, when it could be read: applied − occurredAt is the step latency */
  occurredAt: string | undefined
  outcome: RecordOutcome
  attempts: number
  durationMs: number
  error?: string
}

/** The subset of a pino logger the runtime uses. */
export interface Logger {
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

export const noopLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }

export interface RetryOptions {
  /** attempts for a failure that is neither transient nor permanent before the record goes to the DLQ (default 5) */
  attempts?: number
  /** first backoff (default 100 ms), doubled each attempt, capped at maxMs (default 2000 ms), jittered */
  initialMs?: number
  maxMs?: number
  /** how long one record's transient failure is retried before the runtime calls onFatal (default 300 000 ms) */
  transientForMs?: number
}

export interface SupervisionOptions {
  /** how long a group may be joining, rebalancing or restarting before health() says unhealthy (default 20 000 ms) */
  graceMs?: number
  /** delay before recreating a consumer kafkajs gave up on, doubled per failed try (default 1000 → 30 000 ms) */
  restartMinMs?: number
  restartMaxMs?: number
}

export interface EventConsumerOptions<DB> {
  /** a Kafka instance, or its brokers (default: env KAFKA_BROKERS) */
  kafka?: Kafka | { brokers: string[]; clientId?: string }
  db: Kysely<DB>
  /** service name: the consumer id in processed_event and the group id prefix */
  service: string
  handlers: EventHandlers<DB>
  logger?: Logger
  retry?: RetryOptions
  supervision?: SupervisionOptions
  /** group id per topic (default `<service>.<topic>`); a fresh one re-consumes from the beginning */
  groupId?: (topic: string) => string
  /** read an event from another topic than the catalog's (tests and tooling) */
  topics?: Partial<Record<EventName, string>>
  /**
   * Records of one fetched batch applied in ONE transaction, up to maxEvents (default 100); `false`:
   * one transaction per record. A run whose handler fails is applied again record by record
   * (batch-handler.ts), so batching never changes an outcome.
   */
  batch?: false | { maxEvents?: number }
  /** partitions of one topic handled concurrently (default 3); order per partition is always kept */
  partitionsConsumedConcurrently?: number
  /** extra kafkajs consumer settings */
  consumerConfig?: Partial<ConsumerConfig>
  /** called once per record, for metrics */
  onOutcome?: (info: OutcomeInfo) => void
  /** called after each fetched batch with how far the group is behind on that partition, for metrics */
  onLag?: (info: { groupId: string; topic: string; partition: number; lag: number }) => void
  /**
   * The runtime cannot make progress in this process (a transient failure outlasted retry.transientForMs):
   * exit so the supervisor starts a fresh process. Default: log and keep retrying.
   */
  onFatal?: (error: Error) => void
}

/** starting: connecting and joining; consuming: member of the group, fetching; rebalancing: rejoining;
 *  restarting: kafkajs crashed and the consumer is being recreated; stalled: consuming but no fetch or
 *  record progress for longer than the grace period; stopped: stop() was called. */
export type GroupState = 'starting' | 'consuming' | 'rebalancing' | 'restarting' | 'stalled' | 'stopped'

export interface GroupHealth {
  groupId: string
  topic: string
  state: GroupState
  /** state === 'consuming' */
  consuming: boolean
  /** ms since the group last stopped consuming (null while consuming) */
  downForMs: number | null
  /** consumers recreated after kafkajs gave up on one */
  restarts: number
  /** offset commits that failed (the record is redelivered and skipped as a duplicate) */
  commitFailures: number
  /** partitions held back while their head record is retried */
  pausedPartitions: number[]
  lastError?: string
}

export interface ConsumerHealth {
  /** every group is consuming, or has not been for less than the grace period */
  healthy: boolean
  graceMs: number
  groups: GroupHealth[]
}

export interface EventConsumer {
  /** connects, subscribes (from the beginning for new groups) and starts consuming; a broker that is
   *  not there yet is retried in the background (health() shows it) */
  start(): Promise<void>
  /** finishes the in-flight records, then disconnects; safe to call twice */
  stop(): Promise<void>
  /** true while every topic consumer is a member of its group and consuming */
  ready(): boolean
  /** resolves when `ready()`; rejects after timeoutMs */
  waitReady(timeoutMs?: number): Promise<void>
  /** per group: state, how long it has not been consuming, restarts, paused partitions */
  health(): ConsumerHealth
  /** the (topic → group id) pairs this runtime consumes */
  readonly groups: ReadonlyArray<{ topic: string; groupId: string }>
  /** running totals per outcome */
  stats(): Record<RecordOutcome, number>
}
