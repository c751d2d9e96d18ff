import { sql, type Kysely, type Transaction } from 'kysely'
import type { EventPayload } from '@concert/outbox'
import type { FanReservation, ScheduleFacts } from '../domain/fair-sale.ts'
import type { ReservationStatus } from '../domain/reservation.ts'
import type { OrderDatabase } from './schema.ts'

/** The read models a hold is checked against, and the per-fan lock that serializes a fan's holds. */
type Db = Kysely<OrderDatabase> | Transaction<OrderDatabase>
type Trx = Transaction<OrderDatabase>

/** ScheduleCreatedEvent → the schedule read model. Schedules never change, so a repeat is a no-op; true when new. */
export async function recordSchedule(trx: Trx, event: EventPayload<'ScheduleCreatedEvent'>): Promise<boolean> {
  const result = await trx.insertInto('schedule').ignore().values({
    id: event.scheduleId,
    performance_id: event.performanceId,
    starts_at: new Date(event.startsAt),
    ends_at: new Date(event.endsAt),
    booking_opens_at: new Date(event.bookingOpensAt),
  }).executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

/** AdmissionEndedEvent → ended_admission. An admission ends once; a repeat is a no-op; true when new. */
export async function recordEndedAdmission(trx: Trx, event: EventPayload<'AdmissionEndedEvent'>): Promise<boolean> {
  const result = await trx.insertInto('ended_admission').ignore().values({
    token_id: event.tokenId,
    user_id: event.userId,
    performance_id: event.performanceId,
    reason: event.reason,
    ended_at: new Date(event.endedAt),
  }).executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function findSchedule(db: Db, scheduleId: string): Promise<ScheduleFacts | undefined> {
  const row = await db.selectFrom('schedule').select(['performance_id', 'starts_at', 'booking_opens_at']).where('id', '=', scheduleId).executeTakeFirst()
  return row && { performanceId: row.performance_id, startsAt: row.starts_at, bookingOpensAt: row.booking_opens_at }
}

/**
 * The fan has no lock row for this performance yet: the hold's transaction rolls back, the caller
 * creates the row (`ensureFanRow`) and runs it again.
 */
export class FanRowMissingError extends Error {
  constructor() {
    super('no fan_performance row yet')
  }
}

/**
 * Creates the fan's lock row for this performance if it is missing, in its own short statement
 * outside the hold's transaction: concurrent first holds inserting the same new row inside their
 * transactions (INSERT … ON DUPLICATE KEY UPDATE, or INSERT IGNORE then FOR UPDATE) deadlock on its
 * gap and shared locks. The row is never deleted.
 */
export async function ensureFanRow(db: Kysely<OrderDatabase>, userId: string, performanceId: string): Promise<void> {
  await db.insertInto('fan_performance').ignore().values({ user_id: userId, performance_id: performanceId }).execute()
  const fans = knownFansOf(db)
  if (fans.size >= KNOWN_FANS_LIMIT) fans.clear()
  fans.add(`${userId}/${performanceId}`)
}

/**
 * fan_performance rows this process made or saw made (per database; rows are never deleted), so a
 * hold can tell a fan's first hold, whose lock row it makes before the transaction instead of
 * failing into FanRowMissingError and running again. Bounded: a full set starts over, which costs
 * one INSERT IGNORE per fan again.
 */
const KNOWN_FANS_LIMIT = 100_000
const knownFans = new WeakMap<Kysely<OrderDatabase>, Set<string>>()
function knownFansOf(db: Kysely<OrderDatabase>): Set<string> {
  let fans = knownFans.get(db)
  if (!fans) knownFans.set(db, fans = new Set())
  return fans
}
export const isKnownFan = (db: Kysely<OrderDatabase>, userId: string, performanceId: string): boolean =>
  knownFansOf(db).has(`${userId}/${performanceId}`)

/**
 * Locks the fan's row for the rest of the transaction, so the fan's holds for a performance are
 * decided one at a time; false when the row does not exist yet (see FanRowMissingError). An existing
 * row found by its primary key is locked alone, without a gap, so other fans never wait on it.
 *
 * Take it before any plain read of the transaction: REPEATABLE READ fixes the snapshot at the first
 * plain read, so reads after the lock see everything the fan's previous request committed.
 */
export async function lockFan(trx: Trx, userId: string, performanceId: string): Promise<boolean> {
  const row = await trx.selectFrom('fan_performance').select('user_id')
    .where('user_id', '=', userId).where('performance_id', '=', performanceId)
    .forUpdate().executeTakeFirst()
  return row !== undefined
}

export interface HoldFacts {
  schedule: ScheduleFacts | undefined
  announcedEnded: boolean
  reservations: FanReservation[]
}

/**
 * Everything a hold is checked against, in one query under the fan's lock: the schedule
 * (findSchedule), whether user-service announced the admission ended (isAdmissionAnnouncedEnded),
 * and the fan's reservations for the performance (fanReservations).
 */
export async function holdFacts(trx: Trx, { scheduleId, tokenId, userId, performanceId }: { scheduleId: string; tokenId: string; userId: string; performanceId: string }): Promise<HoldFacts> {
  const { rows } = await sql<{
    kind: 'schedule' | 'ended' | 'reservation'; id: string; admission_token_id: string | null; status: ReservationStatus | null
    seats: number; starts_at: Date | null; booking_opens_at: Date | null
  }>`
    SELECT 'schedule' AS kind, performance_id AS id, NULL AS admission_token_id, NULL AS status, 0 AS seats, starts_at, booking_opens_at
      FROM schedule WHERE id = ${scheduleId}
    UNION ALL
    SELECT 'ended', token_id, NULL, NULL, 0, NULL, NULL FROM ended_admission WHERE token_id = ${tokenId}
    UNION ALL
    SELECT 'reservation', r.id, r.admission_token_id, r.status, COUNT(*), NULL, NULL
      FROM reservation r JOIN reservation_item i ON i.reservation_id = r.id
      WHERE r.user_id = ${userId} AND r.performance_id = ${performanceId}
      GROUP BY r.id, r.admission_token_id, r.status`.execute(trx)
  const schedule = rows.find((row) => row.kind === 'schedule')
  return {
    schedule: schedule && { performanceId: schedule.id, startsAt: new Date(schedule.starts_at!), bookingOpensAt: new Date(schedule.booking_opens_at!) },
    announcedEnded: rows.some((row) => row.kind === 'ended'),
    reservations: rows.filter((row) => row.kind === 'reservation')
      .map((row) => ({ reservationId: row.id, admissionTokenId: row.admission_token_id!, status: row.status!, seats: Number(row.seats) })),
  }
}

/** Every reservation of this fan for this performance (any status), with its seat count. */
export async function fanReservations(db: Db, userId: string, performanceId: string): Promise<FanReservation[]> {
  const rows = await db.selectFrom('reservation as r')
    .innerJoin('reservation_item as i', 'i.reservation_id', 'r.id')
    .select(['r.id', 'r.admission_token_id', 'r.status', (eb) => eb.fn.countAll<number>().as('seats')])
    .where('r.user_id', '=', userId).where('r.performance_id', '=', performanceId)
    .groupBy(['r.id', 'r.admission_token_id', 'r.status'])
    .execute()
  return rows.map((row) => ({ reservationId: row.id, admissionTokenId: row.admission_token_id, status: row.status, seats: Number(row.seats) }))
}
