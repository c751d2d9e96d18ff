import { sql, type Migration } from 'kysely'
import { outboxMigrations } from '@concert/outbox'
import { idempotencyMigration } from '@concert/platform'

const timestamp = sql`datetime(6)`

export const migrations: Record<string, Migration> = {
  ...outboxMigrations,
  '0001_idempotency': idempotencyMigration,
  '0002_orders': {
    async up(db) {
      await db.schema.createTable('orders')
        .addColumn('id', 'char(36)', (c) => c.primaryKey())
        .addColumn('user_id', 'char(36)', (c) => c.notNull())
        .addColumn('reservation_id', 'char(36)', (c) => c.notNull().unique())
        .addColumn('status', 'varchar(24)', (c) => c.notNull())
        .addColumn('amount', 'integer')
        .addColumn('payment_id', 'char(36)')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute()
      await db.schema.createTable('order_item')
        .addColumn('order_id', 'char(36)', (c) => c.notNull())
        .addColumn('seat_id', 'bigint', (c) => c.notNull())
        .addColumn('price', 'integer')
        .addPrimaryKeyConstraint('order_item_pk', ['order_id', 'seat_id'])
        .execute()
      await db.schema.createTable('reservation')
        .addColumn('id', 'char(36)', (c) => c.primaryKey())
        .addColumn('order_id', 'char(36)', (c) => c.notNull().unique())
        .addColumn('user_id', 'char(36)', (c) => c.notNull())
        .addColumn('performance_id', 'char(36)', (c) => c.notNull())
        .addColumn('schedule_id', 'char(36)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('expires_at', timestamp, (c) => c.notNull())
        .addColumn('failure_reason', 'varchar(255)')
        .addColumn('admission_token_id', 'char(36)', (c) => c.notNull())
        .addColumn('schedule_ends_at', timestamp)
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute()
      // "My reservations, newest first" and the sweeper's "live and past their expiry".
      await db.schema.createIndex('reservation_user_created').on('reservation').columns(['user_id', 'created_at']).execute()
      await db.schema.createIndex('reservation_status_expires').on('reservation').columns(['status', 'expires_at']).execute()
      await db.schema.createTable('reservation_item')
        .addColumn('reservation_id', 'char(36)', (c) => c.notNull())
        .addColumn('seat_id', 'bigint', (c) => c.notNull())
        .addColumn('price', 'integer')
        .addPrimaryKeyConstraint('reservation_item_pk', ['reservation_id', 'seat_id'])
        .execute()
      await db.schema.createTable('seat_reservation')
        .addColumn('schedule_id', 'char(36)', (c) => c.notNull())
        .addColumn('seat_id', 'bigint', (c) => c.notNull())
        .addColumn('reservation_id', 'char(36)', (c) => c.notNull())
        .addColumn('status', 'varchar(8)', (c) => c.notNull())
        .addColumn('expires_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('seat_reservation_pk', ['schedule_id', 'seat_id'])
        .execute()
      await db.schema.createIndex('seat_reservation_reservation').on('seat_reservation').column('reservation_id').execute()
    },
  },
  '0003_fair_sale': {
    async up(db) {
      // Read models: what concert-service announced of its schedules, and admissions user-service ended.
      await db.schema.createTable('schedule')
        .addColumn('id', 'char(36)', (c) => c.primaryKey())
        .addColumn('performance_id', 'char(36)', (c) => c.notNull())
        .addColumn('starts_at', timestamp, (c) => c.notNull())
        .addColumn('ends_at', timestamp, (c) => c.notNull())
        .addColumn('booking_opens_at', timestamp, (c) => c.notNull())
        .execute()
      await db.schema.createTable('ended_admission')
        .addColumn('token_id', 'char(36)', (c) => c.primaryKey())
        .addColumn('user_id', 'char(36)', (c) => c.notNull())
        .addColumn('performance_id', 'char(36)', (c) => c.notNull())
        .addColumn('reason', 'varchar(16)', (c) => c.notNull())
        .addColumn('ended_at', timestamp, (c) => c.notNull())
        .execute()
      // One row per fan and performance, locked by every hold of that fan for that performance.
      await db.schema.createTable('fan_performance')
        .addColumn('user_id', 'char(36)', (c) => c.notNull())
        .addColumn('performance_id', 'char(36)', (c) => c.notNull())
        .addPrimaryKeyConstraint('fan_performance_pk', ['user_id', 'performance_id'])
        .execute()
      // The fan's reservations for a performance: the limit and admission checks read them under that lock.
      await db.schema.createIndex('reservation_user_performance').on('reservation').columns(['user_id', 'performance_id']).execute()
    },
  },  // The refund saga (issue 11, domain/refund.ts): one row per cancelled paid order, with the two answers it waits for.
  '0004_order_refund': {
    async up(db) {
      await db.schema.createTable('order_refund')
        .addColumn('order_id', 'char(36)', (c) => c.primaryKey())
        .addColumn('reservation_id', 'char(36)', (c) => c.notNull().unique())
        .addColumn('payment_id', 'char(36)', (c) => c.notNull())
        .addColumn('user_id', 'char(36)', (c) => c.notNull())
        .addColumn('amount', 'integer', (c) => c.notNull())
        .addColumn('reason', 'varchar(255)', (c) => c.notNull())
        .addColumn('requested_at', timestamp, (c) => c.notNull())
        .addColumn('point_transaction_id', 'char(36)')
        .addColumn('points_refunded_at', timestamp)
        .addColumn('seats_released_at', timestamp)
        .addColumn('completed_at', timestamp)
        .execute()
    },
  },
}
