/**
 * The event journal: what `pnpm ops trace` needs once outbox retention has run. Retention MOVES rows
 * instead of only deleting them: an expired outbox row goes to `outbox_journal` (same columns) and an
 * expired processed_event row to `processed_event_journal`, in the transaction that deletes it. The hot
 * path (appendEvent, the consumer's processed_event INSERT) writes nothing more; the journal is written
 * by the retention job, every 10 minutes, in batches. Journal rows are deleted after
 * OUTBOX_JOURNAL_RETENTION_DAYS (default 90). Indexed for the trace's look-ups: the event's key
 * (aggregateid), its W3C traceparent (a `00-<traceId>-` prefix is an index range) and its time.
 *
 * The tables are created by the outbox migration for new databases and, for databases migrated before
 * the journal existed, by the retention job before it moves anything (CREATE TABLE IF NOT EXISTS).
 */
import { sql, type Kysely } from 'kysely'

export const JOURNAL_TABLES = { outbox: 'outbox_journal', processed_event: 'processed_event_journal' } as const

export async function createJournalTables(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS outbox_journal (
      id CHAR(36) NOT NULL,
      aggregatetype VARCHAR(64) NOT NULL,
      aggregateid VARCHAR(64) NOT NULL,
      type VARCHAR(128) NOT NULL,
      topic VARCHAR(128) NOT NULL,
      payload JSON NOT NULL,
      tracingspancontext VARCHAR(512) NULL,
      created_at DATETIME(6) NOT NULL,
      PRIMARY KEY (id),
      INDEX outbox_journal_aggregateid_idx (aggregateid),
      INDEX outbox_journal_trace_idx (tracingspancontext(36)),
      INDEX outbox_journal_created_at_idx (created_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db)
  await sql`
    CREATE TABLE IF NOT EXISTS processed_event_journal (
      event_id CHAR(36) NOT NULL,
      consumer VARCHAR(128) NOT NULL,
      outcome VARCHAR(16) NOT NULL,
      reason VARCHAR(255) NULL,
      processed_at DATETIME(6) NOT NULL,
      PRIMARY KEY (event_id, consumer),
      INDEX processed_event_journal_processed_at_idx (processed_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db)
}

const COLUMNS = {
  outbox: { time: 'created_at', order: ['created_at', 'id'], list: ['id', 'aggregatetype', 'aggregateid', 'type', 'topic', 'payload', 'tracingspancontext', 'created_at'] },
  processed_event: { time: 'processed_at', order: ['processed_at', 'event_id', 'consumer'], list: ['event_id', 'consumer', 'outcome', 'reason', 'processed_at'] },
} as const

/**
 * One batch: locks the `batchSize` oldest rows of `table` older than `cutoff` (FOR UPDATE, so two
 * instances running retention take turns instead of deadlocking), copies them to the journal and
 * deletes them, in one transaction. Returns how many rows were moved.
 */
export async function moveBatchToJournal(db: Kysely<any>, table: 'outbox' | 'processed_event', cutoff: string, batchSize: number): Promise<number> {
  const c = COLUMNS[table]
  const where = sql`${sql.ref(c.time)} < ${cutoff}`
  const order = sql.join(c.order.map((col) => sql.ref(col)))
  const cols = sql.join(c.list.map((col) => sql.ref(col)))
  return db.transaction().execute(async (trx) => {
    const locked = await sql`SELECT ${sql.ref(c.order[0])} FROM ${sql.table(table)} WHERE ${where} ORDER BY ${order} LIMIT ${batchSize} FOR UPDATE`.execute(trx)
    if (locked.rows.length === 0) return 0
    await sql`INSERT IGNORE INTO ${sql.table(JOURNAL_TABLES[table])} (${cols})
              SELECT ${cols} FROM ${sql.table(table)} WHERE ${where} ORDER BY ${order} LIMIT ${batchSize}`.execute(trx)
    const r = await sql`DELETE FROM ${sql.table(table)} WHERE ${where} ORDER BY ${order} LIMIT ${batchSize}`.execute(trx)
    return Number(r.numAffectedRows ?? 0n)
  })
}

/** Deletes journal rows older than `days`, `batchSize` per statement; returns how many. */
export async function purgeJournal(db: Kysely<any>, days: number, batchSize: number): Promise<number> {
  let total = 0
  for (const [table, column] of [['outbox_journal', 'created_at'], ['processed_event_journal', 'processed_at']] as const) {
    for (;;) {
      const r = await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(column)} < UTC_TIMESTAMP(6) - INTERVAL ${days} DAY
                          ORDER BY ${sql.ref(column)} LIMIT ${batchSize}`.execute(db)
      const n = Number(r.numAffectedRows ?? 0n)
      total += n
      if (n < batchSize) break
    }
  }
  return total
}
