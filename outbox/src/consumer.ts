/**
 * Idempotent consumer runtime (SPEC §8).
 *
 * One kafkajs consumer per (service, topic), group id `<service>.<topic>`, supervised by
 * group-consumer.ts. For each record (record-handler.ts):
 *   1. decode headers `id` and `eventType`; a record whose event this service has no handler for is
 *      committed and skipped (several events share a topic);
 *   2. parse the JSON value and validate it against the catalog; poison goes to `<topic>.dlq` at once;
 *   3. in ONE DB transaction: insert `processed_event(event_id, consumer=<service>)` (duplicate key →
 *      already handled, skip), run the handler, record the outcome; commit (processed-event.ts);
 *   4. only then commit the Kafka offset (offset + 1). A failed commit is not a handler failure: the
 *      record comes back and is skipped as a duplicate.
 * Records fetched together for one partition are applied in runs of up to batch.maxEvents events in
 * ONE transaction (batch-handler.ts); a poison record, a run that fails or a held partition falls
 * back to the per-record path above, so batching never changes an outcome, only the commit count.
 * Transient failures hold the record's partition and are retried until they pass; only poison and
 * errors that keep failing go to the DLQ (errors.ts, dead-letter.ts). Business failures are never
 * errors: handlers return `ignored` or append compensating events.
 */
import type { Kafka, Producer } from 'kafkajs'
import { EVENT_CATALOG, isEventName, type EventName } from './catalog.ts'
import {
  noopLogger,
  type ConsumerHealth,
  type EventConsumer,
  type EventConsumerOptions,
  type OutcomeInfo,
  type RecordOutcome,
} from './consumer-types.ts'
import { GroupConsumer } from './group-consumer.ts'
import { createKafka, createProducer } from './kafka-client.ts'
import { createBatchHandler } from './batch-handler.ts'
import { createRecordHandler } from './record-handler.ts'

export * from './consumer-types.ts'
export { PermanentError, TransientError, isTransientError, isPermanentError, isDuplicateKey, classifyFailure, type FailureKind } from './errors.ts'
export { brokersFromEnv, kafkaLogCreator, createKafka, createProducer, resetGroupToEarliest, CONSUMER_DEFAULTS } from './kafka-client.ts'
export { headerString, recordHeaders, type RecordHeaders } from './headers.ts'
export { originalHeaders, deadLetterHeaders, type DeadLetter } from './dead-letter.ts'

/** Defaults of `retry` and `supervision`; README "Settings" says why. */
export const RUNTIME_DEFAULTS = {
  retry: { attempts: 5, initialMs: 100, maxMs: 2_000, transientForMs: 300_000 },
  supervision: { graceMs: 20_000, restartMinMs: 1_000, restartMaxMs: 30_000 },
  batch: { maxEvents: 100 },
  partitionsConsumedConcurrently: 3,
} as const

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

function kafkaOf(options: EventConsumerOptions<unknown>): Kafka {
  const k = options.kafka
  if (k && 'consumer' in k && typeof k.consumer === 'function') return k
  const settings = k as { brokers?: string[]; clientId?: string } | undefined
  return createKafka({ brokers: settings?.brokers, clientId: settings?.clientId ?? options.service, logger: options.logger })
}

export function createEventConsumer<DB>(options: EventConsumerOptions<DB>): EventConsumer {
  const { db, service, handlers } = options
  const logger = options.logger ?? noopLogger
  const retry = { ...RUNTIME_DEFAULTS.retry, ...options.retry }
  retry.attempts = Math.max(1, retry.attempts)
  retry.initialMs = Math.max(1, retry.initialMs)
  retry.maxMs = Math.max(retry.initialMs, retry.maxMs)
  const supervision = { ...RUNTIME_DEFAULTS.supervision, ...options.supervision }
  const kafka = kafkaOf(options as EventConsumerOptions<unknown>)
  const topicOf = (name: EventName): string => options.topics?.[name] ?? EVENT_CATALOG[name].topic
  const handled = (Object.keys(handlers) as string[]).filter(isEventName).filter((n) => handlers[n] !== undefined)
  if (handled.length === 0) throw new Error(`consumer ${service}: no handlers`)
  const topics = [...new Set(handled.map(topicOf))].sort()
  const groupIdOf = options.groupId ?? ((topic: string) => `${service}.${topic}`)
  const groups = topics.map((topic) => ({ topic, groupId: groupIdOf(topic) }))
  const counts: Record<RecordOutcome, number> = { applied: 0, ignored: 0, duplicate: 0, skipped: 0, dlq: 0 }

  let producer: Producer | undefined
  let producerReady = false
  let started = false
  let stopping = false

  function report(info: OutcomeInfo) {
    counts[info.outcome]++
    try {
      options.onOutcome?.(info)
    } catch (err) {
      logger.warn({ err }, 'onOutcome hook threw')
    }
  }

  const records = createRecordHandler<DB>({
    db,
    service,
    handlers,
    topicOf,
    logger,
    retry,
    producer: () => (producerReady ? producer : undefined),
    report,
    onFatal: (error) => {
      if (options.onFatal) options.onFatal(error)
      else logger.error({ err: error }, 'event consumer cannot make progress; still retrying (no onFatal hook)')
    },
  })

  const batches = createBatchHandler<DB>({
    db,
    service,
    handlers,
    topicOf,
    logger,
    maxEvents: options.batch === false ? 1 : Math.max(1, options.batch?.maxEvents ?? RUNTIME_DEFAULTS.batch.maxEvents),
    report,
    records,
  })

  const runners = groups.map(({ topic, groupId }) => new GroupConsumer({
    kafka,
    groupId,
    topic,
    logger,
    concurrency: options.partitionsConsumedConcurrently ?? RUNTIME_DEFAULTS.partitionsConsumedConcurrently,
    ...(options.consumerConfig ? { consumerConfig: options.consumerConfig } : {}),
    ...supervision,
    handleBatch: batches.handleBatch,
    ...(options.onLag ? { onLag: options.onLag } : {}),
  }))

  /** The DLQ producer connects in the background: a broker that is away only delays dead letters. */
  async function connectProducer() {
    for (let wait = 500; started && !stopping && !producerReady; wait = Math.min(wait * 2, 30_000)) {
      try {
        producer ??= createProducer(kafka)
        await producer.connect()
        producerReady = true
      } catch (err) {
        logger.warn({ err, retryInMs: wait }, 'DLQ producer cannot connect; retrying')
        await sleep(wait)
      }
    }
  }

  const health = (): ConsumerHealth => {
    const now = Date.now()
    const gs = runners.map((r) => r.health(now))
    return {
      healthy: started && gs.every((g) => g.consuming || (g.downForMs ?? 0) < supervision.graceMs),
      graceMs: supervision.graceMs,
      groups: gs,
    }
  }

  return {
    groups,
    stats: () => ({ ...counts }),
    health,
    ready: () => started && !stopping && runners.every((r) => r.consuming()),
    async waitReady(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs
      while (!this.ready()) {
        if (Date.now() > deadline) {
          const missing = health().groups.filter((g) => !g.consuming).map((g) => `${g.groupId} (${g.state})`)
          throw new Error(`consumer ${service} not ready after ${timeoutMs} ms (waiting for ${missing.join(', ')})`)
        }
        await sleep(50)
      }
    },
    async start() {
      if (started) return
      started = true
      stopping = false
      const connecting = connectProducer()
      await Promise.race([connecting, sleep(5_000)])
      // every group joins at once: a join waits for the group's other members to notice the rebalance
      // at their next heartbeat (~1 s), so one after another a 9-group service took ~9 s to be ready
      await Promise.all(runners.map((r) => r.start()))
      logger.info({ service, groups }, 'event consumer started')
    },
    async stop() {
      if (!started || stopping) return
      stopping = true
      await Promise.allSettled(runners.map((r) => r.stop()))
      if (producerReady) await producer?.disconnect().catch(() => undefined)
      producer = undefined
      producerReady = false
      records.clear()
      started = false
      stopping = false
      logger.info({ service }, 'event consumer stopped')
    },
  }
}
