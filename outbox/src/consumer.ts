/**
 * Idempotent consumer runtime (SPEC §8).
 *
 * One kafkajs consumer per (service, topic), group id `<service>.<topic>`. For each record:
 *   1. decode headers `id` and `eventType`; a record whose event this service has no handler for is
 *      committed and skipped (several events share a topic);
 *   2. parse the JSON value and validate it against the catalog; a record that cannot be parsed or
 *      validated (poison) goes to `<topic>.dlq` at once;
 *   3. in ONE DB transaction: insert `processed_event(event_id, consumer=<service>)` (duplicate key →
 *      already handled, skip), run the handler (guarded transition + `appendEvent` for follow-ups), record
 *      the outcome (`applied` | `ignored` + reason); commit;
 *   4. only then commit the Kafka offset (offset + 1).
 * Handler failures are retried with bounded exponential backoff and jitter (deadlocks, lock wait
 * timeouts, lost connections, ...); after the last attempt the record goes to the DLQ with headers
 * `dlq-error`, `dlq-attempts`, `dlq-original-topic`, `dlq-original-partition`, `dlq-original-offset`,
 * `dlq-consumer`, `dlq-failed-at`, and the partition moves on. Errors that cannot get better by retrying
 * (`PermanentError`, `EventValidationError` from a follow-up `appendEvent`) go to the DLQ at once.
 * Business failures are never errors: handlers return `ignored` or append compensating events.
 */
import {
  Kafka,
  Partitioners,
  logLevel as KafkaLogLevel,
  type Consumer,
  type ConsumerConfig,
  type IHeaders,
  type KafkaMessage,
  type LogEntry,
  type Producer,
} from 'kafkajs'
import { sql, type Kysely, type Transaction } from 'kysely'
import {
  EVENT_CATALOG,
  EventValidationError,
  isEventName,
  payloadErrors,
  type EventName,
  type EventPayload,
} from './catalog.ts'
import { inSpan, runWithTrace, isTraceparent } from './trace.ts'

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

export interface RetryOptions {
  /** total handler attempts before the record goes to the DLQ (default 5) */
  attempts?: number
  /** first backoff (default 50 ms), doubled each attempt, capped at maxMs (default 2000 ms), full jitter */
  initialMs?: number
  maxMs?: number
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
  /** group id per topic (default `<service>.<topic>`); a fresh one re-consumes from the beginning */
  groupId?: (topic: string) => string
  /** read an event from another topic than the catalog's (tests and tooling) */
  topics?: Partial<Record<EventName, string>>
  /** partitions of one topic handled concurrently (default 3); order per partition is always kept */
  partitionsConsumedConcurrently?: number
  /** extra kafkajs consumer settings */
  consumerConfig?: Partial<ConsumerConfig>
  /** called once per record, for metrics */
  onOutcome?: (info: OutcomeInfo) => void
  /** called after each fetched batch with how far the group is behind on that partition, for metrics */
  onLag?: (info: { groupId: string; topic: string; partition: number; lag: number }) => void
}

export interface EventConsumer {
  /** connects, subscribes (from the beginning for new groups) and starts consuming */
  start(): Promise<void>
  /** finishes the in-flight records, then disconnects; safe to call twice */
  stop(): Promise<void>
  /** true once every topic consumer has joined its group and none has crashed for good */
  ready(): boolean
  /** resolves when `ready()`; rejects after timeoutMs */
  waitReady(timeoutMs?: number): Promise<void>
  /** the (topic → group id) pairs this runtime consumes */
  readonly groups: ReadonlyArray<{ topic: string; groupId: string }>
  /** running totals per outcome */
  stats(): Record<RecordOutcome, number>
}

/** Throw from a handler for a failure that retrying cannot fix: the record goes to the DLQ at once. */
export class PermanentError extends Error {
  override readonly name = 'PermanentError'
}

/** Throw from a handler to mark a failure as transient explicitly (it is retried). */
export class TransientError extends Error {
  override readonly name = 'TransientError'
}

const TRANSIENT_ERRNOS = new Set([1205, 1213, 1040, 1317, 1927, 2006, 2013, 4031, 1614])
const TRANSIENT_CODES = new Set([
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ER_CON_COUNT_ERROR',
  'ER_QUERY_INTERRUPTED',
  'ER_CONNECTION_KILLED',
])

/** Deadlocks, lock wait timeouts, lost/refused connections and timeouts. */
export function isTransientError(err: unknown): boolean {
  if (err instanceof TransientError) return true
  if (typeof err !== 'object' || err === null) return false
  const e = err as { code?: unknown; errno?: unknown; fatal?: unknown }
  return (
    (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) ||
    (typeof e.errno === 'number' && TRANSIENT_ERRNOS.has(e.errno)) ||
    e.fatal === true
  )
}

/** Errors that retrying cannot fix. Everything else is retried up to `retry.attempts` times. */
function isPermanent(err: unknown): boolean {
  return err instanceof PermanentError || err instanceof EventValidationError
}

class PoisonRecord extends Error {
  override readonly name = 'PoisonRecord'
}

class StoppingError extends Error {
  override readonly name = 'StoppingError'
}

const noopLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

export function brokersFromEnv(): string[] {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean)
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set (e.g. 127.0.0.1:9092)')
  return brokers
}

/** A kafkajs logCreator writing to a pino-like logger. */
export function kafkaLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log
      const obj = { kafkajs: true, ...extra }
      if (level <= KafkaLogLevel.ERROR) logger.error(obj, message)
      else if (level === KafkaLogLevel.WARN) logger.warn(obj, message)
      else if (level === KafkaLogLevel.INFO) logger.info(obj, message)
      else logger.debug(obj, message)
    }
}

/** A Kafka client with the runtime's defaults (fast retries, logs through `logger`). */
export function createKafka(opts: { brokers?: string[]; clientId?: string; logger?: Logger } = {}): Kafka {
  return new Kafka({
    clientId: opts.clientId ?? 'concert',
    brokers: opts.brokers ?? brokersFromEnv(),
    logLevel: KafkaLogLevel.WARN,
    logCreator: kafkaLogCreator(opts.logger ?? noopLogger),
    retry: { initialRetryTime: 100, retries: 8, maxRetryTime: 5_000 },
  })
}

/** A producer configured like the runtime's DLQ producer (Java-compatible partitioner, acks all). */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false })
}

/** Header value as a string (Connect writes plain UTF-8; a JSON-quoted string is unquoted). */
export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  let v = headers?.[name]
  if (Array.isArray(v)) v = v[0]
  if (v === undefined || v === null) return undefined
  const s = Buffer.isBuffer(v) ? v.toString('utf8') : String(v)
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(s)
      if (typeof parsed === 'string') return parsed
    } catch {
      /* not JSON: keep as is */
    }
  }
  return s
}

/**
 * Moves a stopped consumer group back to the earliest offsets of `topic`, so its next start re-reads
 * everything (each record is then skipped as a duplicate by processed_event). The group must be empty.
 */
export async function resetGroupToEarliest(kafka: Kafka, groupId: string, topic: string): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    await admin.resetOffsets({ groupId, topic, earliest: true })
  } finally {
    await admin.disconnect()
  }
}

export function createEventConsumer<DB>(options: EventConsumerOptions<DB>): EventConsumer {
  const { db, service, handlers } = options
  const logger = options.logger ?? noopLogger
  const attempts = Math.max(1, options.retry?.attempts ?? 5)
  const initialMs = Math.max(1, options.retry?.initialMs ?? 50)
  const maxMs = Math.max(initialMs, options.retry?.maxMs ?? 2_000)
  const k = options.kafka
  const kafka: Kafka =
    k && 'consumer' in k && typeof k.consumer === 'function'
      ? k
      : createKafka({ brokers: (k as { brokers?: string[] } | undefined)?.brokers, clientId: (k as { clientId?: string } | undefined)?.clientId ?? service, logger })
  const topicOf = (name: EventName): string => options.topics?.[name] ?? EVENT_CATALOG[name].topic
  const handled = (Object.keys(handlers) as string[]).filter(isEventName).filter((n) => handlers[n] !== undefined)
  if (handled.length === 0) throw new Error(`consumer ${service}: no handlers`)
  const topics = [...new Set(handled.map(topicOf))].sort()
  const groupIdOf = options.groupId ?? ((topic: string) => `${service}.${topic}`)
  const groups = topics.map((topic) => ({ topic, groupId: groupIdOf(topic) }))
  const counts: Record<RecordOutcome, number> = { applied: 0, ignored: 0, duplicate: 0, skipped: 0, dlq: 0 }

  let consumers: Consumer[] = []
  let producer: Producer | undefined
  let started = false
  let stopping = false
  const joined = new Set<string>()
  const crashed = new Set<string>()

  function report(info: OutcomeInfo) {
    counts[info.outcome]++
    try {
      options.onOutcome?.(info)
    } catch (err) {
      logger.warn({ err }, 'onOutcome hook threw')
    }
  }

  function backoff(attempt: number): number {
    const cap = Math.min(maxMs, initialMs * 2 ** (attempt - 1))
    return Math.round(cap / 2 + Math.random() * (cap / 2))
  }

  async function toDlq(topic: string, partition: number, message: KafkaMessage, error: unknown, tries: number) {
    const err = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    const headers: IHeaders = {
      ...(message.headers ?? {}),
      'dlq-error': err.slice(0, 2000),
      'dlq-attempts': String(tries),
      'dlq-original-topic': topic,
      'dlq-original-partition': String(partition),
      'dlq-original-offset': message.offset,
      'dlq-consumer': service,
      'dlq-failed-at': new Date().toISOString(),
    }
    await producer!.send({
      topic: `${topic}.dlq`,
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    })
  }

  async function handle(
    consumer: Consumer,
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const t0 = performance.now()
    const eventId = headerString(message.headers, 'id')
    const eventType = headerString(message.headers, 'eventType')
    const traceHeader = headerString(message.headers, 'traceparent')
    const traceparent = isTraceparent(traceHeader) ? traceHeader : undefined
    const aggregateId = message.key ? message.key.toString('utf8') : undefined
    const base = { consumer: service, topic, partition, offset: message.offset, eventType, eventId, aggregateId }
    let occurredAt: string | undefined
    const commit = () =>
      consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }])
    const done = (outcome: RecordOutcome, tries: number, error?: string) =>
      report({ ...base, occurredAt, outcome, attempts: tries, durationMs: performance.now() - t0, ...(error ? { error } : {}) })

    // 1. decode and validate; anything wrong here is poison (retrying cannot fix it)
    let name: EventName
    let payload: unknown
    try {
      if (!eventType) throw new PoisonRecord('missing eventType header')
      if (!isEventName(eventType)) throw new PoisonRecord(`unknown event type ${eventType}`)
      name = eventType
      if (!handlers[name]) {
        await commit()
        done('skipped', 0)
        return
      }
      if (topicOf(name) !== topic) throw new PoisonRecord(`${name} is not published on ${topic}`)
      if (!eventId || !/^[0-9a-f-]{36}$/i.test(eventId)) throw new PoisonRecord('missing or malformed id header')
      if (!message.value) throw new PoisonRecord('empty value')
      try {
        payload = JSON.parse(message.value.toString('utf8'))
      } catch (e) {
        throw new PoisonRecord(`value is not JSON: ${(e as Error).message}`)
      }
      const errors = payloadErrors(name, payload)
      if (errors.length > 0) {
        throw new PoisonRecord(`invalid ${name} payload: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`)
      }
      occurredAt = (payload as { occurredAt: string }).occurredAt
    } catch (err) {
      if (!(err instanceof PoisonRecord)) throw err
      logger.error({ ...base, err: err.message }, 'poison record sent to DLQ')
      await toDlq(topic, partition, message, err, 0)
      await commit()
      done('dlq', 0, err.message)
      return
    }

    // 2. apply once, in one transaction, with bounded retries
    const handler = handlers[name] as EventHandler<DB, EventName>
    const key = message.key ? message.key.toString('utf8') : null
    for (let attempt = 1; ; attempt++) {
      const afterCommit: Array<() => Promise<unknown> | unknown> = []
      try {
        const result = await inSpan(`${service} ${name}`, traceparent, () =>
          db.transaction().execute(async (trx) => {
            try {
              await sql`INSERT INTO processed_event (event_id, consumer, outcome, reason, processed_at)
                        VALUES (${eventId}, ${service}, 'applied', NULL, UTC_TIMESTAMP(6))`.execute(trx)
            } catch (e) {
              if ((e as { errno?: number }).errno === 1062) return 'duplicate' as const
              throw e
            }
            const ctx: HandlerContext = {
              eventId,
              eventType: name,
              topic,
              partition,
              offset: message.offset,
              key,
              traceparent,
              attempt,
              logger,
              afterCommit: (fn) => { afterCommit.push(fn) },
            }
            const r = (await handler(trx, payload as EventPayload<EventName>, ctx)) ?? { outcome: 'applied' as const }
            if (r.outcome === 'ignored') {
              await sql`UPDATE processed_event SET outcome = 'ignored', reason = ${String(r.reason).slice(0, 255)}
                        WHERE event_id = ${eventId} AND consumer = ${service}`.execute(trx)
            }
            return r.outcome
          }),
        )
        for (const fn of afterCommit) {
          await runWithTrace(traceparent, async () => fn())
            .catch((err: unknown) => logger.warn({ ...base, err }, 'after-commit work failed'))
        }
        await commit()
        done(result, attempt)
        // Inside the record's trace, so the line carries its traceId next to the business id (key).
        const verdict = result === 'applied' ? 'event applied' : result === 'ignored' ? 'event ignored' : 'event already applied; skipped'
        runWithTrace(traceparent, () => logger.info({ ...base, attempts: attempt }, verdict))
        return
      } catch (err) {
        if (stopping) throw new StoppingError(`consumer ${service} stopping; record will be redelivered`)
        const permanent = isPermanent(err)
        if (permanent || attempt >= attempts) {
          logger.error({ ...base, err, attempts: attempt }, 'handler failed; record sent to DLQ')
          await toDlq(topic, partition, message, err, attempt)
          await commit()
          done('dlq', attempt, err instanceof Error ? err.message : String(err))
          return
        }
        const wait = backoff(attempt)
        logger.warn({ ...base, err, attempt, transient: isTransientError(err), retryInMs: wait }, 'handler failed; retrying')
        await sleep(wait)
        if (stopping) throw new StoppingError(`consumer ${service} stopping; record will be redelivered`)
        await heartbeat().catch(() => undefined)
      }
    }
  }

  return {
    groups,
    stats: () => ({ ...counts }),
    ready: () => started && !stopping && crashed.size === 0 && groups.every((g) => joined.has(g.groupId)),
    async waitReady(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs
      while (!this.ready()) {
        if (Date.now() > deadline) {
          const missing = groups.filter((g) => !joined.has(g.groupId)).map((g) => g.groupId)
          throw new Error(`consumer ${service} not ready after ${timeoutMs} ms (waiting for ${missing.join(', ')})`)
        }
        await sleep(50)
      }
    },
    async start() {
      if (started) return
      started = true
      stopping = false
      producer = createProducer(kafka)
      await producer.connect()
      for (const { topic, groupId } of groups) {
        const consumer = kafka.consumer({
          groupId,
          maxWaitTimeInMs: 100,
          // A crashed instance's partitions move to a live one after the session times out: keep it
          // short so a killed service stalls its sagas for seconds, not half a minute.
          sessionTimeout: 10_000,
          heartbeatInterval: 1_000,
          rebalanceTimeout: 30_000,
          allowAutoTopicCreation: false,
          retry: { initialRetryTime: 100, retries: 10, maxRetryTime: 5_000 },
          ...options.consumerConfig,
        })
        consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
          options.onLag?.({ groupId, topic: payload.topic, partition: payload.partition, lag: Number(payload.offsetLag) })
        })
        consumer.on(consumer.events.GROUP_JOIN, () => {
          joined.add(groupId)
          crashed.delete(groupId)
        })
        consumer.on(consumer.events.CRASH, (e) => {
          logger.error({ groupId, err: e.payload.error, restart: e.payload.restart }, 'kafka consumer crashed')
          if (!e.payload.restart) crashed.add(groupId)
        })
        consumers.push(consumer)
        await consumer.connect()
        await consumer.subscribe({ topics: [topic], fromBeginning: true })
        await consumer.run({
          autoCommit: false,
          partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
          eachMessage: ({ topic: t, partition, message, heartbeat }) =>
            handle(consumer, t, partition, message, heartbeat),
        })
      }
      logger.info({ service, groups }, 'event consumer started')
    },
    async stop() {
      if (!started || stopping) return
      stopping = true
      const cs = consumers
      consumers = []
      await Promise.allSettled(cs.map((c) => c.disconnect()))
      await producer?.disconnect().catch(() => undefined)
      producer = undefined
      joined.clear()
      started = false
      stopping = false
      logger.info({ service }, 'event consumer stopped')
    },
  }
}
