/**
 * What the runtime does with one record: decode it, apply it once, dead-letter poison, commit, or hold
 * its partition and try again later. Failures are classified (errors.ts):
 *   transient (database/Redis/broker away, deadlock, lock wait) → retried with capped backoff for as
 *     long as retry.transientForMs, then onFatal (a fresh process may do better); never dead-lettered;
 *   permanent (poison, PermanentError, an invalid follow-up event) → DLQ at once;
 *   any other error → retry.attempts tries, then DLQ.
 * A failed offset commit is never a handler failure: the record is redelivered and skipped as a duplicate.
 */
import type { KafkaMessage, Producer } from 'kafkajs'
import type { Kysely } from 'kysely'
import type { EventName, EventPayload } from './catalog.ts'
import type { EventHandler, EventHandlers, HandlerContext, Logger, OutcomeInfo, RecordOutcome } from './consumer-types.ts'
import { sendToDeadLetter } from './dead-letter.ts'
import { decodeRecord, type Decoded } from './decode.ts'
import { PoisonRecord, TransientError, classifyFailure, errorMessage, type FailureKind } from './errors.ts'
import { recordHeaders } from './headers.ts'
import { applyOnce } from './processed-event.ts'
import { inSpan, runWithTrace } from './trace.ts'

/** How the run loop lets the handler act on the record's partition. */
export interface RecordIO {
  /** commits offset + 1; never throws (a failure is logged and counted: the record comes back as a duplicate) */
  commit(): Promise<void>
  /** holds the partition and delivers this record again after delayMs; other partitions go on */
  retryLater(delayMs: number): void
  stopping(): boolean
}

export interface RecordHandlerOptions<DB> {
  db: Kysely<DB>
  service: string
  handlers: EventHandlers<DB>
  topicOf(name: EventName): string
  logger: Logger
  retry: { attempts: number; initialMs: number; maxMs: number; transientForMs: number }
  producer(): Producer | undefined
  report(info: OutcomeInfo): void
  onFatal(error: Error): void
}

/** The record at the head of a partition that is being retried. */
interface Hold {
  offset: string
  attempts: number
  /** failures that were neither transient nor permanent */
  failures: number
  firstAt: number
  transientSince: number | undefined
  fatalReported: boolean
}

export class StoppingError extends Error {
  override readonly name = 'StoppingError'
}

export function createRecordHandler<DB>(o: RecordHandlerOptions<DB>) {
  const { service, handlers, logger, retry } = o
  const holds = new Map<string, Hold>()
  const handles = (name: EventName) => handlers[name] !== undefined

  const backoff = (attempt: number) => {
    const cap = Math.min(retry.maxMs, retry.initialMs * 2 ** Math.min(attempt - 1, 20))
    return Math.round(cap / 2 + Math.random() * (cap / 2))
  }

  async function handle(topic: string, partition: number, message: KafkaMessage, io: RecordIO): Promise<void> {
    const holdKey = `${topic}/${partition}`
    let hold = holds.get(holdKey)
    if (hold && hold.offset !== message.offset) hold = undefined // reassigned or sought: a new head record
    const attempt = (hold?.attempts ?? 0) + 1
    const firstAt = hold?.firstAt ?? Date.now()
    const headers = recordHeaders(message)
    const base = {
      consumer: service, topic, partition, offset: message.offset,
      eventType: headers.eventType, eventId: headers.eventId, aggregateId: headers.key ?? undefined,
    }
    let occurredAt: string | undefined
    const done = (outcome: RecordOutcome, attempts: number, error?: string) => {
      holds.delete(holdKey)
      o.report({ ...base, occurredAt, outcome, attempts, durationMs: Date.now() - firstAt, ...(error ? { error } : {}) })
    }

    const again = (kind: FailureKind, err: unknown, failures: number) => {
      const now = Date.now()
      const transientSince = kind === 'transient' ? (hold?.transientSince ?? now) : hold?.transientSince
      const next: Hold = { offset: message.offset, attempts: attempt, failures, firstAt, transientSince, fatalReported: hold?.fatalReported ?? false }
      holds.set(holdKey, next)
      const wait = backoff(attempt)
      if (attempt <= 3 || attempt % 10 === 0) {
        logger.warn({ ...base, err, attempt, kind, retryInMs: wait }, kind === 'transient' ? 'transient failure; partition held, retrying' : 'handler failed; retrying')
      }
      if (kind === 'transient' && now - transientSince! > retry.transientForMs && !next.fatalReported) {
        next.fatalReported = true
        logger.error({ ...base, err, attempt, forMs: now - transientSince! }, 'transient failure outlasted its retry bound')
        o.onFatal(new Error(`${service} ${topic}/${partition}@${message.offset}: failing for ${now - transientSince!} ms: ${errorMessage(err)}`))
      }
      io.retryLater(wait)
    }

    const deadLetter = async (err: unknown, attempts: number, failures: number, why: string) => {
      const producer = o.producer()
      try {
        if (!producer) throw new TransientError('DLQ producer is not connected')
        await sendToDeadLetter(producer, { topic, partition, message, error: errorMessage(err), attempts, consumer: service })
      } catch (sendErr) {
        return again('transient', sendErr, failures) // the broker is away: keep the record, try again
      }
      logger.error({ ...base, err, attempts }, why)
      await io.commit()
      done('dlq', attempts, err instanceof Error ? err.message : String(err))
    }

    let decoded: Decoded
    try {
      decoded = decodeRecord(message, headers, topic, { handles, topicOf: o.topicOf })
    } catch (err) {
      if (!(err instanceof PoisonRecord)) throw err
      return deadLetter(err, 0, 0, 'poison record sent to DLQ')
    }
    if (decoded.kind === 'skip') {
      await io.commit()
      return done('skipped', 0)
    }
    const { name, eventId, payload } = decoded
    occurredAt = decoded.occurredAt
    const handler = handlers[name] as EventHandler<DB, EventName>
    const afterCommit: Array<() => Promise<unknown> | unknown> = []
    const ctx: HandlerContext = {
      eventId, eventType: name, topic, partition, offset: message.offset, key: headers.key,
      traceparent: headers.traceparent, attempt, logger,
      afterCommit: (fn) => { afterCommit.push(fn) },
    }
    let outcome: 'applied' | 'ignored' | 'duplicate'
    try {
      outcome = await inSpan(`${service} ${name}`, headers.traceparent, () =>
        applyOnce(o.db, eventId, service, (trx) => handler(trx, payload as EventPayload<EventName>, ctx)))
    } catch (err) {
      if (io.stopping()) throw new StoppingError(`consumer ${service} stopping; record will be redelivered`)
      const kind = classifyFailure(err)
      const failures = (hold?.failures ?? 0) + (kind === 'failure' ? 1 : 0)
      if (kind === 'permanent' || (kind === 'failure' && failures >= retry.attempts)) {
        return deadLetter(err, attempt, failures, 'handler failed; record sent to DLQ')
      }
      return again(kind, err, failures)
    }
    for (const fn of afterCommit) {
      await runWithTrace(headers.traceparent, async () => fn())
        .catch((err: unknown) => logger.warn({ ...base, err }, 'after-commit work failed'))
    }
    await io.commit()
    done(outcome, attempt)
    // Inside the record's trace, so the line carries its traceId next to the business id (key).
    const verdict = outcome === 'applied' ? 'event applied' : outcome === 'ignored' ? 'event ignored' : 'event already applied; skipped'
    runWithTrace(headers.traceparent, () => logger.info({ ...base, attempts: attempt }, verdict))
  }

  return {
    handle,
    /** whether the partition's head record is being retried */
    isHeld: (topic: string, partition: number) => holds.has(`${topic}/${partition}`),
    /** forgets every held record (the runtime stopped) */
    clear: () => holds.clear(),
  }
}
