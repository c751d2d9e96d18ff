/**
 * Outbox rows are kept OUTBOX_RETENTION_HOURS (default 168) for audit, then deleted in batches (SPEC §8).
 * processed_event rows older than the retention are deleted too: by then no redelivery of their event
 * can still be pending (Kafka retention and consumer lag are far below a week).
 */
import { sql, type Kysely } from 'kysely'
import type { Logger } from './consumer.ts'

export interface RetentionResult {
  outbox: number
  processedEvent: number
}

async function deleteInBatches(db: Kysely<any>, table: 'outbox' | 'processed_event', column: string, retentionHours: number, batchSize: number) {
  let total = 0
  for (;;) {
    const r = await sql`DELETE FROM ${sql.table(table)}
                        WHERE ${sql.ref(column)} < UTC_TIMESTAMP(6) - INTERVAL ${retentionHours} HOUR
                        ORDER BY ${sql.ref(column)} LIMIT ${batchSize}`.execute(db)
    const n = Number(r.numAffectedRows ?? 0n)
    total += n
    if (n < batchSize) return total
  }
}

/** Deletes outbox and processed_event rows older than `retentionHours`, `batchSize` rows per statement. */
export async function deleteExpiredOutboxRows(db: Kysely<any>, retentionHours: number, batchSize = 1000): Promise<RetentionResult> {
  if (!(retentionHours > 0)) throw new RangeError(`retentionHours must be > 0, got ${retentionHours}`)
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`)
  const outbox = await deleteInBatches(db, 'outbox', 'created_at', retentionHours, batchSize)
  const processedEvent = await deleteInBatches(db, 'processed_event', 'processed_at', retentionHours, batchSize)
  return { outbox, processedEvent }
}

export interface RetentionOptions {
  /** default: env OUTBOX_RETENTION_HOURS or 168 */
  retentionHours?: number
  /** default 10 minutes */
  intervalMs?: number
  batchSize?: number
  logger?: Logger
}

/** Runs `deleteExpiredOutboxRows` now and every `intervalMs`; returns a stop function. */
export function startOutboxRetention(db: Kysely<any>, options: RetentionOptions = {}): () => Promise<void> {
  const retentionHours = options.retentionHours ?? Number(process.env.OUTBOX_RETENTION_HOURS ?? 168)
  const intervalMs = options.intervalMs ?? 600_000
  let running: Promise<void> | undefined
  const tick = () => {
    if (running) return
    running = deleteExpiredOutboxRows(db, retentionHours, options.batchSize)
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
