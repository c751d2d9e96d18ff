import { sql, type Insertable, type Kysely } from 'kysely'
import type { SeatState, SeatStatus } from '../domain/seat.ts'
import { seatsOf, type Section } from '../domain/venue.ts'
import type { ConcertDatabase, SeatTable } from './schema.ts'

/**
 * Seat rows. Availability is counted from them (view seat_availability), so no row is shared by every
 * hold of a schedule. The writes are conditional on the state the domain
 * decided from (a guard against a row changing underneath), bump `version` so caches can order
 * updates, and report how many rows they changed.
 */
type Db = Kysely<ConcertDatabase>

/** Rows per INSERT: large venues go in a few statements instead of one huge packet. */
const INSERT_CHUNK = 1000

export async function insertSeats(trx: Db, scheduleId: string, sections: readonly Section[], now: Date): Promise<void> {
  let chunk: Array<Insertable<SeatTable>> = []
  const flush = async () => {
    if (chunk.length > 0) await trx.insertInto('seat').values(chunk).execute()
    chunk = []
  }
  for (const seat of seatsOf(sections)) {
    chunk.push({
      schedule_id: scheduleId, section: seat.section, row_no: seat.row, number: seat.number, grade: seat.grade,
      price: seat.price, status: 'AVAILABLE', reservation_id: null, version: 0, updated_at: now,
    })
    if (chunk.length === INSERT_CHUNK) await flush()
  }
  await flush()
}

/** The requested seats of a schedule, locked until the transaction ends (ascending id order, so no deadlocks). */
export async function lockSeats(trx: Db, scheduleId: string, seatIds: readonly number[]): Promise<SeatState[]> {
  const rows = await trx.selectFrom('seat')
    .select(['id', 'status', 'reservation_id', 'price'])
    .where('schedule_id', '=', scheduleId).where('id', 'in', [...seatIds])
    .orderBy('id').forUpdate().execute()
  return rows.map((row) => ({ id: row.id, status: row.status, reservationId: row.reservation_id, price: row.price }))
}

interface Move {
  scheduleId: string
  seatIds: readonly number[]
  from: SeatStatus
  /** the reservation that must hold the seats now; null: they must be free */
  heldBy: string | null
  to: SeatStatus
  /** the reservation holding them afterwards */
  reservationId: string | null
}

/** One conditional UPDATE moving seats between states; returns the number of seats it moved. */
export async function moveSeats(trx: Db, move: Move): Promise<number> {
  if (move.seatIds.length === 0) return 0
  const result = await trx.updateTable('seat')
    .set({ status: move.to, reservation_id: move.reservationId, version: sql`version + 1`, updated_at: new Date() })
    .where('schedule_id', '=', move.scheduleId).where('id', 'in', [...move.seatIds])
    .where('status', '=', move.from)
    .where((eb) => (move.heldBy === null ? eb('reservation_id', 'is', null) : eb('reservation_id', '=', move.heldBy)))
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export interface SeatRow {
  id: number
  section: string
  row_no: number
  number: number
  grade: string
  price: number
  status: SeatStatus
  version: number
}

/** Seats of a schedule as fans see them (all, or the given ids), in id order (= layout order). */
export async function seatRows(db: Db, scheduleId: string, seatIds?: readonly number[]): Promise<SeatRow[]> {
  let query = db.selectFrom('seat')
    .select(['id', 'section', 'row_no', 'number', 'grade', 'price', 'status', 'version'])
    .where('schedule_id', '=', scheduleId)
  if (seatIds) query = query.where('id', 'in', [...seatIds])
  return query.orderBy('id').execute()
}

/** Seats changed (held, released, sold, created) at or after `since`, by schedule then id: what a cache repair rewrites. */
export async function seatRowsChangedSince(db: Db, since: Date): Promise<Array<SeatRow & { schedule_id: string }>> {
  return db.selectFrom('seat')
    .select(['schedule_id', 'id', 'section', 'row_no', 'number', 'grade', 'price', 'status', 'version'])
    .where('updated_at', '>=', since)
    .orderBy('schedule_id').orderBy('id')
    .execute()
}

/** AVAILABLE seats of each schedule, counted over the (schedule_id, status) index (consistent read, no locks). */
export async function availableSeats(db: Db, scheduleIds: readonly string[]): Promise<Map<string, number>> {
  if (scheduleIds.length === 0) return new Map()
  const rows = await db.selectFrom('seat').select(['schedule_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('schedule_id', 'in', [...scheduleIds]).where('status', '=', 'AVAILABLE').groupBy('schedule_id').execute()
  return new Map(scheduleIds.map((id) => [id, Number(rows.find((row) => row.schedule_id === id)?.n ?? 0)]))
}
