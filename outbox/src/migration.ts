/**
 * The two tables `@concert/outbox` owns in every service database (SPEC §4, §8). Every service puts
 * `outboxMigrations` first in its own migration list and merges `OutboxTables` into its Kysely DB type.
 *
 * Plain SQL, portable between MariaDB 10.11 and MySQL 8.4 (on MariaDB `JSON` is LONGTEXT with a
 * JSON_VALID check, which is fine for Debezium's EventRouter with `table.expand.json.payload`).
 * Timestamps are UTC, written by the database with UTC_TIMESTAMP(6) (independent of session time zone).
 */
import { sql, type ColumnType, type Kysely, type Migration } from 'kysely'
import { createJournalTables } from './journal.ts'

export interface OutboxTable {
  id: string
  aggregatetype: string
  aggregateid: string
  type: string
  topic: string
  /** JSON text on insert; mysql2 returns parsed JSON on MySQL and a string on MariaDB */
  payload: ColumnType<unknown, string, string>
  tracingspancontext: string | null
  created_at: ColumnType<Date, never, never>
}

export interface ProcessedEventTable {
  event_id: string
  consumer: string
  outcome: 'applied' | 'ignored'
  reason: string | null
  processed_at: ColumnType<Date, never, never>
}

/** Merge into a service's Kysely database interface: `interface DB extends OutboxTables { ... }`. */
export interface OutboxTables {
  outbox: OutboxTable
  processed_event: ProcessedEventTable
}

export const outboxMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE IF NOT EXISTS outbox (
        id CHAR(36) NOT NULL,
        aggregatetype VARCHAR(64) NOT NULL,
        aggregateid VARCHAR(64) NOT NULL,
        type VARCHAR(128) NOT NULL,
        topic VARCHAR(128) NOT NULL,
        payload JSON NOT NULL,
        tracingspancontext VARCHAR(512) NULL,
        created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        PRIMARY KEY (id),
        INDEX outbox_created_at_idx (created_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
    `.execute(db)
    await sql`
      CREATE TABLE IF NOT EXISTS processed_event (
        event_id CHAR(36) NOT NULL,
        consumer VARCHAR(128) NOT NULL,
        outcome VARCHAR(16) NOT NULL,
        reason VARCHAR(255) NULL,
        processed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        PRIMARY KEY (event_id, consumer),
        INDEX processed_event_processed_at_idx (processed_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
    `.execute(db)
    // the event journal (journal.ts); databases migrated before it get it from the retention job
    await createJournalTables(db)
  },
  async down(db: Kysely<any>) {
    await sql`DROP TABLE IF EXISTS processed_event_journal`.execute(db)
    await sql`DROP TABLE IF EXISTS outbox_journal`.execute(db)
    await sql`DROP TABLE IF EXISTS processed_event`.execute(db)
    await sql`DROP TABLE IF EXISTS outbox`.execute(db)
  },
}

/** Spread into a service's migration provider: `{ ...outboxMigrations, '0001_init': ... }`. */
export const outboxMigrations: Record<string, Migration> = { '0000_outbox': outboxMigration }
