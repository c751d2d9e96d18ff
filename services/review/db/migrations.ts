import { sql, type Migration } from 'kysely'
import { outboxMigrations } from '@concert/outbox'

export const migrations: Record<string, Migration> = {
  ...outboxMigrations,
  '0001_reviews': {
    async up(db) {
      await db.schema.createTable('review')
        .addColumn('id', 'char(36)', (c) => c.primaryKey())
        .addColumn('user_id', 'char(36)', (c) => c.notNull())
        .addColumn('performance_id', 'char(36)', (c) => c.notNull())
        .addColumn('rating', sql`tinyint`, (c) => c.notNull().check(sql`rating between 1 and 5`))
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('created_at', sql`datetime(6)`, (c) => c.notNull())
        // One review per user and performance: the database enforces the rule.
        .addUniqueConstraint('review_user_performance', ['user_id', 'performance_id'])
        .execute()
      await db.schema.createIndex('review_performance_created').on('review').columns(['performance_id', 'created_at']).execute()

      await db.schema.createTable('attendance')
        .addColumn('user_id', 'char(36)', (c) => c.notNull())
        .addColumn('reservation_id', 'char(36)', (c) => c.notNull())
        .addColumn('performance_id', 'char(36)', (c) => c.notNull())
        .addColumn('schedule_id', 'char(36)', (c) => c.notNull())
        .addColumn('schedule_ends_at', sql`datetime(6)`, (c) => c.notNull())
        .addColumn('recorded_at', sql`datetime(6)`, (c) => c.notNull())
        .addPrimaryKeyConstraint('attendance_pk', ['user_id', 'reservation_id'])
        .execute()
      await db.schema.createIndex('attendance_user_performance').on('attendance').columns(['user_id', 'performance_id']).execute()
    },
  },
  '0002_review_created_at': {
    /** A Redis cache repair recomputes the performances reviewed since a moment: find them without scanning every review. */
    async up(db) {
      await db.schema.createIndex('review_created_at').on('review').column('created_at').execute()
    },
  },
  '0003_attendance_withdrawal': {
    /** The refund saga (issue 11): a refunded reservation's attendance is withdrawn for good. */
    async up(db) {
      await db.schema.createTable('attendance_withdrawal')
        .addColumn('reservation_id', 'char(36)', (c) => c.primaryKey())
        .addColumn('user_id', 'char(36)', (c) => c.notNull())
        .addColumn('withdrawn_at', sql`datetime(6)`, (c) => c.notNull())
        .execute()
    },
  },
}
