import type { Kysely, Transaction } from 'kysely'
import type { EventPayload } from '@concert/outbox'
import { isDuplicateKey } from '@concert/platform'
import type { ScheduleWindow } from '../domain/waiting-room.ts'
import type { UserDatabase } from './schema.ts'

type Db = Kysely<UserDatabase> | Transaction<UserDatabase>

/**
 * Records a schedule concert-service created. The primary key makes it idempotent: a redelivery or
 * the backfill of an already known schedule changes nothing (schedules are never edited).
 */
export async function recordSchedule(trx: Db, event: EventPayload<'ScheduleCreatedEvent'>): Promise<'recorded' | 'known'> {
  try {
    await trx.insertInto('performance_schedule').values({
      schedule_id: event.scheduleId,
      performance_id: event.performanceId,
      starts_at: new Date(event.startsAt),
      ends_at: new Date(event.endsAt),
      booking_opens_at: new Date(event.bookingOpensAt),
    }).execute()
    return 'recorded'
  } catch (error) {
    if (isDuplicateKey(error)) return 'known'
    throw error
  }
}

/** Every known schedule of a performance; none means user-service has not heard of it. */
export async function schedulesOf(db: Db, performanceId: string): Promise<ScheduleWindow[]> {
  const rows = await db.selectFrom('performance_schedule').select(['booking_opens_at', 'starts_at'])
    .where('performance_id', '=', performanceId).execute()
  return rows.map((row) => ({ bookingOpensAt: row.booking_opens_at, startsAt: row.starts_at }))
}
