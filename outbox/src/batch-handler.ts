/**
 * What the runtime does with a fetched batch of one partition: apply runs of decodable events in ONE
 * transaction each (processed_event rows for all of them, one commit, one offset commit), and fall
 * back to the record handler (one transaction per record, with its retries, holds and DLQ) whenever
 * the fast path cannot be sure of the outcome:
 *   - a record that is poison is handled alone by the record handler (dead-lettered alone); the run
 *     before it is applied in one transaction, the run after it in another;
 *   - if any handler of a run throws (a bug, a poison-by-content event, a deadlock, the database
 *     away), the run's transaction rolls back and every record of the run goes through the record
 *     handler: the failing one is retried, held or dead-lettered alone and the others apply once;
 *   - while the partition's head record is held for a retry, records go one by one until it passes.
 * The offset is committed only after the transaction commits; a crash in between redelivers the run,
 * whose events are then all found in processed_event (duplicates) and change nothing.
 */
import type { KafkaMessage } from 'kafkajs'
import type { Kysely } from 'kysely'
import type { EventName, EventPayload } from './catalog.ts'
import type { EventHandler, EventHandlers, HandlerContext, Logger, OutcomeInfo } from './consumer-types.ts'
import { decodeRecord } from './decode.ts'
import { PoisonRecord } from './errors.ts'
import { recordHeaders, type RecordHeaders } from './headers.ts'
import { applyBatchOnce, type BatchItem } from './processed-event.ts'
import type { RecordIO } from './record-handler.ts'
import { inSpan, runWithTrace } from './trace.ts'

/** How the run loop lets the batch handler act on its partition. */
export interface BatchIO {
  /** commits `offset` + 1; never throws (a failed commit means redelivery, skipped as duplicates) */
  commit(offset: string): Promise<void>
  /** marks records up to `offset` consumed in this process (the next fetch starts after it) */
  resolve(offset: string): void
  /** kafkajs heartbeat (throws when the group is rebalancing: kafkajs rejoins) */
  heartbeat(): Promise<void>
  /** false once the batch must be abandoned (stopping, rebalanced, or the partition was sought) */
  current(): boolean
  /** the per-record I/O for one record of this partition */
  record(offset: string): RecordIO
}

export interface BatchHandlerOptions<DB> {
  db: Kysely<DB>
  service: string
  handlers: EventHandlers<DB>
  topicOf(name: EventName): string
  logger: Logger
  /** most events applied in one transaction */
  maxEvents: number
  report(info: OutcomeInfo): void
  records: {
    handle(topic: string, partition: number, message: KafkaMessage, io: RecordIO): Promise<void>
    isHeld(topic: string, partition: number): boolean
  }
}

interface RunItem {
  message: KafkaMessage
  headers: RecordHeaders
  /** undefined: an event of the topic this service has no handler for (skipped) */
  event?: { name: EventName; eventId: string; payload: unknown; occurredAt: string }
}

export function createBatchHandler<DB>(o: BatchHandlerOptions<DB>) {
  const { service, handlers, logger } = o
  const handles = (name: EventName) => handlers[name] !== undefined

  /** The decodable records from `start`, up to maxEvents events; stops before a poison record. */
  function takeRun(topic: string, messages: KafkaMessage[], start: number): RunItem[] {
    const run: RunItem[] = []
    let events = 0
    for (let i = start; i < messages.length && events < o.maxEvents; i++) {
      const message = messages[i]!
      const headers = recordHeaders(message)
      try {
        const d = decodeRecord(message, headers, topic, { handles, topicOf: o.topicOf })
        if (d.kind === 'skip') run.push({ message, headers })
        else { run.push({ message, headers, event: d }); events++ }
      } catch (err) {
        if (err instanceof PoisonRecord) break
        throw err
      }
    }
    return run
  }

  /** Applies a run in one transaction; false if it rolled back (nothing of it happened). */
  async function applyRun(topic: string, partition: number, run: RunItem[], io: BatchIO): Promise<boolean> {
    const startedAt = Date.now()
    const afterCommit: Array<{ traceparent: string | undefined; fn: () => Promise<unknown> | unknown; item: RunItem }> = []
    const items: BatchItem<DB>[] = []
    for (const item of run) {
      if (!item.event) continue
      const { name, eventId, payload } = item.event
      const { headers, message } = item
      const handler = handlers[name] as EventHandler<DB, EventName>
      const ctx: HandlerContext = {
        eventId, eventType: name, topic, partition, offset: message.offset, key: headers.key,
        traceparent: headers.traceparent, attempt: 1, logger,
        afterCommit: (fn) => { afterCommit.push({ traceparent: headers.traceparent, fn, item }) },
      }
      items.push({
        eventId,
        handle: (trx) => inSpan(`${service} ${name}`, headers.traceparent, () => handler(trx, payload as EventPayload<EventName>, ctx)),
      })
    }
    let outcomes: Awaited<ReturnType<typeof applyBatchOnce>> = []
    if (items.length > 0) {
      try {
        outcomes = await applyBatchOnce(o.db, service, items)
      } catch (err) {
        logger.warn({ topic, partition, offset: run[0]!.message.offset, events: items.length, err },
          'batch rolled back; applying its records one by one')
        return false
      }
    }
    for (const { traceparent, fn, item } of afterCommit) {
      await runWithTrace(traceparent, async () => fn()).catch((err: unknown) =>
        logger.warn({ consumer: service, topic, partition, offset: item.message.offset, eventId: item.event?.eventId, err }, 'after-commit work failed'))
    }
    const last = run[run.length - 1]!.message.offset
    await io.commit(last)
    io.resolve(last)
    const durationMs = Date.now() - startedAt
    let n = 0
    for (const item of run) {
      const outcome = item.event ? outcomes[n++]! : 'skipped'
      const info: OutcomeInfo = {
        consumer: service, topic, partition, offset: item.message.offset,
        eventType: item.headers.eventType, eventId: item.headers.eventId, aggregateId: item.headers.key ?? undefined,
        occurredAt: item.event?.occurredAt, outcome, attempts: item.event ? 1 : 0, durationMs,
      }
      o.report(info)
      if (item.event) {
        const verdict = outcome === 'applied' ? 'event applied' : outcome === 'ignored' ? 'event ignored' : 'event already applied; skipped'
        runWithTrace(item.headers.traceparent, () => logger.info({ ...info, batch: items.length }, verdict))
      }
    }
    return true
  }

  /** One record through the record handler; false if its partition is now held (stop the batch). */
  async function one(topic: string, partition: number, message: KafkaMessage, io: BatchIO): Promise<boolean> {
    const recordIO = io.record(message.offset)
    let held = false
    await o.records.handle(topic, partition, message, { ...recordIO, retryLater: (ms) => { held = true; recordIO.retryLater(ms) } })
    if (held) return false
    io.resolve(message.offset)
    return true
  }

  async function handleBatch(topic: string, partition: number, messages: KafkaMessage[], io: BatchIO): Promise<void> {
    let i = 0
    while (i < messages.length) {
      if (!io.current()) return
      const run = o.records.isHeld(topic, partition) ? [] : takeRun(topic, messages, i)
      if (run.length > 1 && await applyRun(topic, partition, run, io)) {
        i += run.length
      } else {
        // a held head, a poison record, a run of one, or a run that rolled back: record by record
        const end = i + Math.max(1, run.length)
        for (; i < end; i++) {
          if (!io.current()) return
          if (!(await one(topic, partition, messages[i]!, io))) return
        }
      }
      await io.heartbeat()
    }
  }

  return { handleBatch }
}
