import { sql, type Migration } from 'kysely'
import { outboxMigrations } from '@concert/outbox'

export const migrations: Record<string, Migration> = {
  ...outboxMigrations,
  '0001_users': {
    async up(db) {
      await db.schema.createTable('user')
        .addColumn('id', 'char(36)', (c) => c.primaryKey())
        .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
        .addColumn('role', 'varchar(16)', (c) => c.notNull().defaultTo('user'))
        .addColumn('created_at', sql`datetime(6)`, (c) => c.notNull())
        .addColumn('updated_at', sql`datetime(6)`, (c) => c.notNull())
        .execute()
      await db.schema.createTable('token')
        .addColumn('id', 'char(36)', (c) => c.primaryKey())
        .addColumn('user_id', 'char(36)', (c) => c.notNull())
        .addColumn('performance_id', 'char(36)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_at', sql`datetime(6)`, (c) => c.notNull())
        .addColumn('activated_at', sql`datetime(6)`)
        .addColumn('expires_at', sql`datetime(6)`)
        .addColumn('ended_at', sql`datetime(6)`)
        .execute()
      await db.schema.createIndex('token_user_performance').on('token').columns(['user_id', 'performance_id', 'status']).execute()
      await db.schema.createTable('signing_key')
        .addColumn('seq', 'integer', (c) => c.autoIncrement().primaryKey())
        .addColumn('kid', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('private_jwk', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', sql`datetime(6)`, (c) => c.notNull())
        .execute()
    },
  },
  '0002_refresh_tokens': {
    async up(db) {
      // Only the sha-256 of a refresh token is stored: a leaked table cannot be replayed.
      await db.schema.createTable('refresh_token')
        .addColumn('token_hash', 'char(64)', (c) => c.primaryKey())
        .addColumn('family_id', 'char(36)', (c) => c.notNull())
        .addColumn('user_id', 'char(36)', (c) => c.notNull())
        .addColumn('created_at', sql`datetime(6)`, (c) => c.notNull())
        .addColumn('expires_at', sql`datetime(6)`, (c) => c.notNull())
        .addColumn('rotated_at', sql`datetime(6)`)
        .addColumn('revoked_at', sql`datetime(6)`)
        .execute()
      await db.schema.createIndex('refresh_token_family').on('refresh_token').column('family_id').execute()
      await db.schema.createIndex('refresh_token_expiry').on('refresh_token').column('expires_at').execute()
    },
  },
  '0003_performance_schedule': {
    async up(db) {
      // Read model of concert-service's schedules (ScheduleCreatedEvent): which performances exist
      // and when they are on sale, so a waiting-room join is checked without a call.
      await db.schema.createTable('performance_schedule')
        .addColumn('schedule_id', 'char(36)', (c) => c.primaryKey())
        .addColumn('performance_id', 'char(36)', (c) => c.notNull())
        .addColumn('starts_at', sql`datetime(6)`, (c) => c.notNull())
        .addColumn('ends_at', sql`datetime(6)`, (c) => c.notNull())
        .addColumn('booking_opens_at', sql`datetime(6)`, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('performance_schedule_performance').on('performance_schedule').column('performance_id').execute()
    },
  },
}
