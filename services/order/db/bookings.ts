import { sql, type Kysely, type Transaction } from 'kysely'
import { isDuplicateKey } from '@concert/platform'
import { canMoveOrder, canMoveReservation, type Booking, type ReservationStatus } from '../domain/reservation.ts'
import type { OrderDatabase, OrdersTable, ReservationTable } from './schema.ts'

type Db = Kysely<OrderDatabase> | Transaction<OrderDatabase>
type Trx = Transaction<OrderDatabase>

export interface NewBooking {
  reservationId: string
  orderId: string
  userId: string
  performanceId: string
  scheduleId: string
  seatIds: number[]
  admissionTokenId: string
  createdAt: Date
  expiresAt: Date
}

/** Some requested seat already has a live hold (or is sold); the transaction must roll back. */
export class SeatsTakenError extends Error {
  constructor() {
    super('seat already held')
  }
}

/** Seats of a schedule that have a hold or a sale right now (latest committed state). */
export async function takenSeats(db: Db, scheduleId: string, seatIds: number[]): Promise<number[]> {
  const rows = await db.selectFrom('seat_reservation').select('seat_id')
    .where('schedule_id', '=', scheduleId).where('seat_id', 'in', seatIds).orderBy('seat_id').execute()
  return rows.map((row) => row.seat_id)
}

/**
 * Order, reservation, their items and the seat holds. The primary key of seat_reservation turns a
 * second hold of any seat into a duplicate-key error, so it is all or none, without reading first
 * (a taken seat fails the insert at once; one held by an open transaction waits for it). Holds go in ascending
 * seat order, so overlapping requests take their row locks in the same order; the one deadlock left
 * (two requests waiting on a seat whose holder rolls back) is retried by `idempotent`.
 */
export async function insertBooking(trx: Trx, booking: NewBooking): Promise<void> {
  const { reservationId, orderId, createdAt: now } = booking
  const seatIds = [...booking.seatIds].sort((a, b) => a - b)
  try {
    await trx.insertInto('seat_reservation')
      .values(seatIds.map((seatId) => ({ schedule_id: booking.scheduleId, seat_id: seatId, reservation_id: reservationId, status: 'HELD' as const, expires_at: booking.expiresAt })))
      .execute()
  } catch (error) {
    if (isDuplicateKey(error)) throw new SeatsTakenError()
    throw error
  }
  await trx.insertInto('orders').values({
    id: orderId, user_id: booking.userId, reservation_id: reservationId, status: 'PENDING', amount: null, payment_id: null, created_at: now, updated_at: now, version: 0,
  }).execute()
  await trx.insertInto('order_item').values(seatIds.map((seatId) => ({ order_id: orderId, seat_id: seatId, price: null }))).execute()
  await trx.insertInto('reservation').values({
    id: reservationId,
    order_id: orderId,
    user_id: booking.userId,
    performance_id: booking.performanceId,
    schedule_id: booking.scheduleId,
    status: 'PENDING',
    expires_at: booking.expiresAt,
    failure_reason: null,
    admission_token_id: booking.admissionTokenId,
    schedule_ends_at: null,
    created_at: now,
    updated_at: now,
  }).execute()
  await trx.insertInto('reservation_item').values(seatIds.map((seatId) => ({ reservation_id: reservationId, seat_id: seatId, price: null }))).execute()
}

/** A reservation and its order, locked for a transition. */
export interface LockedBooking extends Booking {
  order: OrdersTable
  reservation: ReservationTable
  seatIds: number[]
}

/**
 * Locks the order, then its reservation: every writer takes them in this order (the sweeper skips
 * locked rows instead of waiting), so transitions never deadlock on each other.
 */
export async function lockBookingByOrder(trx: Trx, orderId: string): Promise<LockedBooking | undefined> {
  const order = await trx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirst()
  if (!order) return undefined
  const reservation = await trx.selectFrom('reservation').selectAll().where('id', '=', order.reservation_id).forUpdate().executeTakeFirstOrThrow()
  const items = await trx.selectFrom('reservation_item').select('seat_id').where('reservation_id', '=', reservation.id).orderBy('seat_id').execute()
  return {
    order,
    reservation,
    seatIds: items.map((item) => item.seat_id),
    reservationStatus: reservation.status,
    orderStatus: order.status,
    userId: order.user_id,
    expiresAt: reservation.expires_at,
    paymentId: order.payment_id,
  }
}

export async function lockBookingByReservation(trx: Trx, reservationId: string): Promise<LockedBooking | undefined> {
  // reservation → order never changes, so this unlocked read is only a lookup.
  const row = await trx.selectFrom('reservation').select('order_id').where('id', '=', reservationId).executeTakeFirst()
  return row ? lockBookingByOrder(trx, row.order_id) : undefined
}

export async function updateReservation(trx: Trx, id: string, status: ReservationStatus, at: Date, changes: Partial<Pick<ReservationTable, 'failure_reason' | 'schedule_ends_at'>> = {}) {
  await trx.updateTable('reservation').set({ status, updated_at: at, ...changes }).where('id', '=', id).execute()
}

export async function updateOrder(trx: Trx, id: string, at: Date, changes: Partial<Pick<OrdersTable, 'status' | 'amount' | 'payment_id'>>) {
  await trx.updateTable('orders').set({ updated_at: at, version: sql<number>`version + 1`, ...changes }).where('id', '=', id).execute()
}

/**
 * Ends a live booking: the reservation moves to `status`, its holds are deleted and the order is
 * cancelled, each only as far as its state machine allows. Returns whether the holds were released,
 * which is when the seats must be announced free.
 */
export async function endBooking(trx: Trx, booking: LockedBooking, status: 'CANCELLED' | 'EXPIRED', at: Date, failureReason: string | null = null): Promise<boolean> {
  const release = canMoveReservation(booking.reservationStatus, status)
  if (release) {
    await updateReservation(trx, booking.reservation.id, status, at, { failure_reason: failureReason })
    await trx.deleteFrom('seat_reservation').where('reservation_id', '=', booking.reservation.id).where('status', '=', 'HELD').execute()
  }
  if (canMoveOrder(booking.orderStatus, 'CANCELLED')) await updateOrder(trx, booking.order.id, at, { status: 'CANCELLED' })
  return release
}
