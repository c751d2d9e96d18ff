import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import { appendEvent } from '@concert/outbox'
import { isListed, type ScheduleTimes } from '../domain/schedule.ts'
import { totalSeats, type Section } from '../domain/venue.ts'
import type { ConcertDatabase, ScheduleTable } from './schema.ts'
import { insertSeats } from './seats.ts'

/** Venues, performances and schedules: the static catalog admins build and fans browse. */
type Db = Kysely<ConcertDatabase>

export interface Venue {
  id: string
  name: string
  address: string
  sections: Section[]
}

/** MariaDB hands JSON columns back as text, MySQL as parsed values. */
export function parseSections(value: Section[] | string): Section[] {
  return typeof value === 'string' ? (JSON.parse(value) as Section[]) : value
}

export async function insertVenue(db: Db, venue: Omit<Venue, 'id'>): Promise<Venue> {
  const id = randomUUID()
  await db.insertInto('venue')
    .values({ id, name: venue.name, address: venue.address, sections: JSON.stringify(venue.sections), created_at: new Date() })
    .execute()
  return { id, ...venue }
}

export async function findVenue(db: Db, venueId: string): Promise<Venue | undefined> {
  const row = await db.selectFrom('venue').select(['id', 'name', 'address', 'sections']).where('id', '=', venueId).executeTakeFirst()
  return row && { ...row, sections: parseSections(row.sections) }
}

export interface PerformanceView {
  performanceId: string
  title: string
  description: string
  venue: { venueId: string; name: string; address: string }
  createdAt: string
}

function performanceQuery(db: Db) {
  return db.selectFrom('performance')
    .innerJoin('venue', 'venue.id', 'performance.venue_id')
    .select(['performance.id', 'performance.title', 'performance.description', 'performance.created_at', 'venue.id as venue_id', 'venue.name as venue_name', 'venue.address as venue_address'])
}

type PerformanceRow = Awaited<ReturnType<ReturnType<typeof performanceQuery>['executeTakeFirstOrThrow']>>

const performanceView = (row: PerformanceRow): PerformanceView => ({
  performanceId: row.id,
  title: row.title,
  description: row.description,
  venue: { venueId: row.venue_id, name: row.venue_name, address: row.venue_address },
  createdAt: row.created_at.toISOString(),
})

export async function insertPerformance(db: Db, input: { title: string; description: string }, venue: Venue): Promise<PerformanceView> {
  const row = { id: randomUUID(), title: input.title, description: input.description, venue_id: venue.id, created_at: new Date() }
  await db.insertInto('performance').values(row).execute()
  return performanceView({ ...row, venue_name: venue.name, venue_address: venue.address })
}

export async function findPerformance(db: Db, performanceId: string): Promise<PerformanceView | undefined> {
  const row = await performanceQuery(db).where('performance.id', '=', performanceId).executeTakeFirst()
  return row && performanceView(row)
}

/** Newest first; the id breaks ties so pages never overlap. */
export async function listPerformances(db: Db, page: number, size: number): Promise<{ items: PerformanceView[]; total: number }> {
  const [rows, count] = await Promise.all([
    performanceQuery(db).orderBy('performance.created_at', 'desc').orderBy('performance.id').limit(size).offset((page - 1) * size).execute(),
    db.selectFrom('performance').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(performanceView), total: Number(count.total) }
}

export interface ScheduleView {
  scheduleId: string
  performanceId: string
  startsAt: string
  endsAt: string
  bookingOpensAt: string
  totalSeats: number
  availableSeats: number
}

/**
 * Announces a schedule to the services that keep a read model of it (order-service checks holds
 * against it, user-service waiting-room joins): ScheduleCreatedEvent, in the caller's transaction.
 */
export async function announceSchedule(trx: Transaction<ConcertDatabase>, schedule: Pick<ScheduleTable, 'id' | 'performance_id' | 'starts_at' | 'ends_at' | 'booking_opens_at'>): Promise<void> {
  await appendEvent(trx, {
    type: 'ScheduleCreatedEvent',
    payload: {
      scheduleId: schedule.id,
      performanceId: schedule.performance_id,
      startsAt: schedule.starts_at.toISOString(),
      endsAt: schedule.ends_at.toISOString(),
      bookingOpensAt: schedule.booking_opens_at.toISOString(),
    },
  })
}

/**
 * Creates a schedule with one seat row per seat of the venue, its availability counts and its
 * ScheduleCreatedEvent, in one transaction: a schedule is never visible without its seats, and
 * never exists without being announced.
 */
export async function createSchedule(db: Db, performanceId: string, venue: Venue, times: ScheduleTimes): Promise<ScheduleView> {
  const id = randomUUID()
  const now = new Date()
  const total = totalSeats(venue.sections)
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('schedule')
      .values({ id, performance_id: performanceId, starts_at: times.startsAt, ends_at: times.endsAt, booking_opens_at: times.bookingOpensAt, created_at: now })
      .execute()
    await insertSeats(trx, id, venue.sections, now)
    await trx.insertInto('seat_availability').values({ schedule_id: id, total_seats: total, updated_at: now }).execute()
    await announceSchedule(trx, { id, performance_id: performanceId, starts_at: times.startsAt, ends_at: times.endsAt, booking_opens_at: times.bookingOpensAt })
  })
  return {
    scheduleId: id,
    performanceId,
    startsAt: times.startsAt.toISOString(),
    endsAt: times.endsAt.toISOString(),
    bookingOpensAt: times.bookingOpensAt.toISOString(),
    totalSeats: total,
    availableSeats: total,
  }
}

/** The schedules of a performance listed as bookable at `now`, soonest first, with their seat counts. */
export async function bookableSchedules(db: Db, performanceId: string, now: Date): Promise<ScheduleView[]> {
  const rows = await db.selectFrom('schedule')
    .innerJoin('seat_availability', 'seat_availability.schedule_id', 'schedule.id')
    .select(['schedule.id', 'schedule.starts_at', 'schedule.ends_at', 'schedule.booking_opens_at', 'seat_availability.total_seats'])
    // Counted over the (schedule_id, status) index: no row that every hold would have to update.
    .select((eb) => eb.selectFrom('seat').select(eb.fn.countAll<number>().as('n'))
      .whereRef('seat.schedule_id', '=', 'schedule.id').where('seat.status', '=', 'AVAILABLE').as('available_seats'))
    .where('schedule.performance_id', '=', performanceId)
    .orderBy('schedule.starts_at').orderBy('schedule.id')
    .execute()
  return rows.filter((row) => isListed({ startsAt: row.starts_at }, now)).map((row) => ({
    scheduleId: row.id,
    performanceId,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    bookingOpensAt: row.booking_opens_at.toISOString(),
    totalSeats: row.total_seats,
    availableSeats: Number(row.available_seats),
  }))
}

export async function findSchedule(db: Db, scheduleId: string): Promise<ScheduleTable | undefined> {
  return db.selectFrom('schedule').selectAll().where('id', '=', scheduleId).executeTakeFirst()
}
