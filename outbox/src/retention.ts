/**
 * Outbox rows are kept OUTBOX_RETENTION_HOURS (default 168) for audit, then deleted in batches (SPEC §8).
 * processed_event rows older than the retention are deleted too: by then no redelivery of their event
 * can still be pending (Kafka retention and consumer lag are far below a week). Both are moved to the
 * event journal in the deleting transaction (journal.ts), so `pnpm ops trace` still finds them; the
 * journal keeps them OUTBOX_JOURNAL_RETENTION_DAYS (default 90).
 */
import { sql, type Kysely } from 'kysely'
import type { Logger } from './consumer.ts'
import { createJournalTables, moveBatchToJournal, purgeJournal } from './journal.ts'

export interface RetentionResult {
  /** outbox rows moved to outbox_journal */
  outbox: number
  /** processed_event rows moved to processed_event_journal */
  processedEvent: number
}

async function moveInBatches(db: Kysely<any>, table: 'outbox' | 'processed_event', retentionHours: number, batchSize: number) {
  // one cutoff for every batch, as text, so each batch's SELECT, INSERT and DELETE see the same rows
  const { rows } = await sql<{ cutoff: string }>`SELECT DATE_FORMAT(UTC_TIMESTAMP(6) - INTERVAL ${retentionHours} HOUR, '%Y-%m-%d %H:%i:%s.%f') AS cutoff`.execute(db)
  const cutoff = rows[0]!.cutoff
  let total = 0
  for (;;) {
    const n = await moveBatchToJournal(db, table, cutoff, batchSize)
    total += n
    if (n < batchSize) return total
  }
}

const journalReady = new WeakSet<object>()

/**
 * Moves outbox and processed_event rows older than `retentionHours` to the event journal,
 * `batchSize` rows per transaction; with `journalDays`, also deletes journal rows older than that.
 */
export async function deleteExpiredOutboxRows(db: Kysely<any>, retentionHours: number, batchSize = 1000, journalDays?: number): Promise<RetentionResult> {
  if (!(retentionHours > 0)) throw new RangeError(`retentionHours must be > 0, got ${retentionHours}`)
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`)
  if (!journalReady.has(db)) {
    await createJournalTables(db)
    journalReady.add(db)
  }
  const outbox = await moveInBatches(db, 'outbox', retentionHours, batchSize)
  const processedEvent = await moveInBatches(db, 'processed_event', retentionHours, batchSize)
  if (journalDays !== undefined && journalDays > 0) await purgeJournal(db, journalDays, batchSize)
  return { outbox, processedEvent }
}

export interface RetentionOptions {
  /** default: env OUTBOX_RETENTION_HOURS or 168 */
  retentionHours?: number
  /** how long the event journal keeps moved rows; default: env OUTBOX_JOURNAL_RETENTION_DAYS or 90 */
  journalDays?: number
  /** default 10 minutes */
  intervalMs?: number
  batchSize?: number
  logger?: Logger
}

/** Runs `deleteExpiredOutboxRows` now and every `intervalMs`; returns a stop function. */
export function startOutboxRetention(db: Kysely<any>, options: RetentionOptions = {}): () => Promise<void> {
  const retentionHours = options.retentionHours ?? Number(process.env.OUTBOX_RETENTION_HOURS ?? 168)
  const journalDays = options.journalDays ?? Number(process.env.OUTBOX_JOURNAL_RETENTION_DAYS ?? 90)
  const intervalMs = options.intervalMs ?? 600_000
  let running: Promise<void> | undefined
  const tick = () => {
    if (running) return
    running = deleteExpiredOutboxRows(db, retentionHours, options.batchSize, journalDays)
      .then((r) => {
        if (r.outbox + r.processedEvent > 0) options.logger?.info({ ...r, retentionHours }, 'outbox retention deleted rows')
      })
      .catch((err: unknown) => options.logger?.warn({ err }, 'outbox retention failed; will retry'))
      .finally(() => {
        running = undefined
      })
  }
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  tick()
  return async () => {
    clearInterval(timer)
    await running
  }
}
