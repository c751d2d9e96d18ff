import type { Transaction } from 'kysely'
import { REFUND_REASON, type RefundProgress } from '../domain/refund.ts'
import { updateOrder, updateReservation, type LockedBooking } from './bookings.ts'
import type { OrderDatabase, OrderRefundTable } from './schema.ts'

/**
 * The refund saga's rows (domain/refund.ts). Every function runs on a booking the caller has locked
 * (order, then reservation: lockBookingByOrder), so the steps of one refund apply one at a time.
 */
type Trx = Transaction<OrderDatabase>

const progressOf = (row: OrderRefundTable): RefundProgress => ({
  paymentId: row.payment_id,
  pointsRefunded: row.points_refunded_at !== null,
  seatsReleased: row.seats_released_at !== null,
})

export async function findRefund(trx: Trx, orderId: string): Promise<{ row: OrderRefundTable; progress: RefundProgress } | undefined> {
  const row = await trx.selectFrom('order_refund').selectAll().where('order_id', '=', orderId).executeTakeFirst()
  return row && { row, progress: progressOf(row) }
}

/** PAID → REFUND_REQUESTED, with the refund's row. The reservation stays CONFIRMED (its seats are still sold) until the end. */
export async function requestRefund(trx: Trx, booking: LockedBooking, input: { paymentId: string; reason: string; at: Date }): Promise<OrderRefundTable> {
  const row: OrderRefundTable = {
    order_id: booking.order.id,
    reservation_id: booking.reservation.id,
    payment_id: input.paymentId,
    user_id: booking.userId,
    amount: booking.order.amount ?? 0,
    reason: input.reason,
    requested_at: input.at,
    point_transaction_id: null,
    points_refunded_at: null,
    seats_released_at: null,
    completed_at: null,
  }
  await trx.insertInto('order_refund').values(row).execute()
  await updateOrder(trx, booking.order.id, input.at, { status: 'REFUND_REQUESTED' })
  return row
}

/** payment-service gave the points back. */
export async function recordPointsRefunded(trx: Trx, orderId: string, pointTransactionId: string, at: Date): Promise<void> {
  await trx.updateTable('order_refund').set({ point_transaction_id: pointTransactionId, points_refunded_at: at }).where('order_id', '=', orderId).execute()
}

/**
 * concert-service made the seats AVAILABLE: the reservation's SOLD rows go, so the primary key of
 * seat_reservation lets the next fan hold those seats in the same sale. Deleted only now, not at the
 * request: until concert has freed them, a hold of those seats would be refused by concert anyway.
 */
export async function recordSeatsReleased(trx: Trx, booking: LockedBooking, at: Date): Promise<void> {
  await trx.deleteFrom('seat_reservation').where('reservation_id', '=', booking.reservation.id).execute()
  await trx.updateTable('order_refund').set({ seats_released_at: at }).where('order_id', '=', booking.order.id).execute()
}

/** Both answers are in: order REFUNDED, reservation CANCELLED (CONFIRMED → CANCELLED). */
export async function completeRefund(trx: Trx, booking: LockedBooking, at: Date): Promise<void> {
  await updateOrder(trx, booking.order.id, at, { status: 'REFUNDED' })
  await updateReservation(trx, booking.reservation.id, 'CANCELLED', at, { failure_reason: REFUND_REASON })
  await trx.updateTable('order_refund').set({ completed_at: at }).where('order_id', '=', booking.order.id).execute()
}

/** The seats of a refunded reservation and its hold's expiry: what the hold board entry of that hold was. */
export async function refundedHold(trx: Trx, reservationId: string): Promise<{ scheduleId: string; seatIds: number[]; expiresAt: Date } | undefined> {
  const reservation = await trx.selectFrom('reservation').select(['schedule_id', 'expires_at']).where('id', '=', reservationId).executeTakeFirst()
  if (!reservation) return undefined
  const items = await trx.selectFrom('reservation_item').select('seat_id').where('reservation_id', '=', reservationId).orderBy('seat_id').execute()
  return { scheduleId: reservation.schedule_id, seatIds: items.map((item) => item.seat_id), expiresAt: reservation.expires_at }
}
