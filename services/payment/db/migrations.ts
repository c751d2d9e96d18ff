import { sql, type Migration } from 'kysely'
import { outboxMigrations } from '@concert/outbox'
import { idempotencyMigration } from '@concert/platform'

const datetime = sql`datetime(6)`

export const migrations: Record<string, Migration> = {
  ...outboxMigrations,
  '0001_idempotency': idempotencyMigration,
  '0002_payments_points_notifications': {
    async up(db) {
      await db.schema.createTable('payment')
        .addColumn('id', 'char(36)', (c) => c.primaryKey())
        .addColumn('order_id', 'char(36)', (c) => c.notNull())
        .addColumn('user_id', 'char(36)', (c) => c.notNull())
        .addColumn('amount', 'integer')
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('failure_reason', 'varchar(255)')
        .addColumn('live_order_id', 'char(36)', (c) => c.unique())
        .addColumn('created_at', datetime, (c) => c.notNull())
        .addColumn('updated_at', datetime, (c) => c.notNull())
        .addCheckConstraint('payment_amount_nonnegative', sql`amount IS NULL OR amount >= 0`)
        .execute()
      await db.schema.createIndex('payment_order').on('payment').column('order_id').execute()
      await db.schema.createIndex('payment_user').on('payment').columns(['user_id', 'created_at']).execute()

      await db.schema.createTable('point')
        .addColumn('user_id', 'char(36)', (c) => c.primaryKey())
        .addColumn('balance', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', datetime, (c) => c.notNull())
        .addCheckConstraint('point_balance_nonnegative', sql`balance >= 0`)
        .execute()

      await db.schema.createTable('point_transaction')
        .addColumn('id', 'char(36)', (c) => c.primaryKey())
        .addColumn('user_id', 'char(36)', (c) => c.notNull())
        .addColumn('type', 'varchar(8)', (c) => c.notNull())
        .addColumn('amount', 'integer', (c) => c.notNull())
        .addColumn('balance_after', 'integer', (c) => c.notNull())
        .addColumn('payment_id', 'char(36)')
        .addColumn('created_at', datetime, (c) => c.notNull())
        .addCheckConstraint('point_transaction_amount_positive', sql`amount > 0`)
        .addCheckConstraint('point_transaction_type', sql`type IN ('CHARGE', 'USE', 'REFUND')`)
        .execute()
      await db.schema.createIndex('point_transaction_user').on('point_transaction').columns(['user_id', 'created_at']).execute()

      await db.schema.createTable('payment_point')
        .addColumn('payment_id', 'char(36)', (c) => c.notNull())
        .addColumn('type', 'varchar(8)', (c) => c.notNull())
        .addColumn('point_transaction_id', 'char(36)', (c) => c.notNull().unique())
        .addColumn('created_at', datetime, (c) => c.notNull())
        .addPrimaryKeyConstraint('payment_point_pk', ['payment_id', 'type'])
        .addCheckConstraint('payment_point_type', sql`type IN ('USE', 'REFUND')`)
        .execute()

      await db.schema.createTable('notification')
        .addColumn('id', 'char(36)', (c) => c.primaryKey())
        .addColumn('user_id', 'char(36)', (c) => c.notNull())
        .addColumn('type', 'varchar(32)', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('body', 'varchar(1000)', (c) => c.notNull())
        .addColumn('reference_id', 'char(36)', (c) => c.notNull())
        .addColumn('created_at', datetime, (c) => c.notNull())
        .addUniqueConstraint('notification_once', ['type', 'reference_id'])
        .execute()
      await db.schema.createIndex('notification_user').on('notification').columns(['user_id', 'created_at']).execute()
    },
  },
  // The read model of orders (domain/orders.ts): keyed by reservation, since the ending events name only it.
  '0003_order_view': {
    async up(db) {
      await db.schema.createTable('order_view')
        .addColumn('reservation_id', 'char(36)', (c) => c.primaryKey())
        .addColumn('order_id', 'char(36)', (c) => c.unique())
        .addColumn('user_id', 'char(36)')
        .addColumn('status', 'varchar(8)', (c) => c.notNull())
        .addColumn('expires_at', datetime)
        .addColumn('updated_at', datetime, (c) => c.notNull())
        .addCheckConstraint('order_view_status', sql`status IN ('OPEN', 'ENDED', 'PAID')`)
        .execute()
    },
  },
  '0004_point_updated_at': {
    /** A Redis cache repair rewrites the balances changed since a moment: find them without scanning every user. */
    async up(db) {
      await db.schema.createIndex('point_updated_at').on('point').column('updated_at').execute()
    },
  },
}
