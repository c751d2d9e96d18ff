import { sql, type Kysely, type Migration } from 'kysely'
import { outboxMigrations } from '@concert/outbox'
import { announceSchedule } from './catalog.ts'
import type { ConcertDatabase } from './schema.ts'

const datetime = sql`datetime(6)`

export const migrations: Record<string, Migration> = {
  ...outboxMigrations,
  '0001_concert': {
    async up(db) {
      await db.schema.createTable('venue')
        .addColumn('id', 'char(36)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('address', 'varchar(500)', (c) => c.notNull())
        .addColumn('sections', 'json', (c) => c.notNull())
        .addColumn('created_at', datetime, (c) => c.notNull())
        .execute()
      await db.schema.createTable('performance')
        .addColumn('id', 'char(36)', (c) => c.primaryKey())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('venue_id', 'char(36)', (c) => c.notNull().references('venue.id'))
        .addColumn('created_at', datetime, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('performance_created_at').on('performance').columns(['created_at', 'id']).execute()
      await db.schema.createTable('schedule')
        .addColumn('id', 'char(36)', (c) => c.primaryKey())
        .addColumn('performance_id', 'char(36)', (c) => c.notNull().references('performance.id'))
        .addColumn('starts_at', datetime, (c) => c.notNull())
        .addColumn('ends_at', datetime, (c) => c.notNull())
        .addColumn('booking_opens_at', datetime, (c) => c.notNull())
        .addColumn('created_at', datetime, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('schedule_performance_starts').on('schedule').columns(['performance_id', 'starts_at']).execute()
      // Section names compare byte-for-byte, exactly as the venue layout (and the uniqueness check) does.
      await db.schema.createTable('seat')
        .addColumn('id', 'bigint', (c) => c.autoIncrement().primaryKey())
        .addColumn('schedule_id', 'char(36)', (c) => c.notNull().references('schedule.id'))
        .addColumn('section', sql`varchar(50) character set utf8mb4 collate utf8mb4_bin`, (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('grade', 'varchar(20)', (c) => c.notNull())
        .addColumn('price', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('reservation_id', 'char(36)')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', datetime, (c) => c.notNull())
        .addUniqueConstraint('seat_position', ['schedule_id', 'section', 'row_no', 'number'])
        .execute()
      await db.schema.createIndex('seat_schedule_status').on('seat').columns(['schedule_id', 'status']).execute()
      await db.schema.createIndex('seat_reservation').on('seat').columns(['reservation_id']).execute()
      await db.schema.createTable('seat_availability')
        .addColumn('schedule_id', 'char(36)', (c) => c.primaryKey().references('schedule.id'))
        .addColumn('total_seats', 'integer', (c) => c.notNull())
        .addColumn('available_seats', 'integer', (c) => c.notNull())
        .addColumn('updated_at', datetime, (c) => c.notNull())
        .execute()
    },
  },
  '0002_announce_existing_schedules': {
    /**
     * Schedules created before ScheduleCreatedEvent existed are announced once, so the read models of
     * a running system (order-service, user-service) learn them. One transaction, and a schedule that
     * already has its event in the outbox is skipped, so an interrupted run never announces twice.
     */
    async up(db) {
      await (db as Kysely<ConcertDatabase>).transaction().execute(async (trx) => {
        const announced = await trx.selectFrom('outbox').select('aggregateid').where('type', '=', 'ScheduleCreatedEvent').execute()
        const skip = new Set(announced.map((row) => row.aggregateid))
        const schedules = await trx.selectFrom('schedule').select(['id', 'performance_id', 'starts_at', 'ends_at', 'booking_opens_at'])
          .orderBy('created_at').orderBy('id').execute()
        for (const schedule of schedules) {
          if (!skip.has(schedule.id)) await announceSchedule(trx, schedule)
        }
      })
    },
  },
  '0003_seat_updated_at': {
    /** A Redis cache repair rewrites the seats changed since a moment: find them without scanning every seat. */
    async up(db) {
      await db.schema.createIndex('seat_updated_at').on('seat').column('updated_at').execute()
    },
  },
  '0004_availability_counted_from_seats': {
    /**
     * Every hold and release used to update the schedule's one seat_availability row, so concurrent
     * seat steps of a sale queued on its row lock. AVAILABLE seats are now counted from the seat rows
     * (index seat_schedule_status); seat_availability keeps the static total.
     */
    async up(db) {
      await sql`alter table seat_availability drop column available_seats`.execute(db)
    },
  },
}
