import type { Transaction } from 'kysely'
import type { EventHandlers, EventPayload, HandlerResult } from '@concert/outbox'
import { onRefundRequested, onReservationPaid, type AttendanceState } from '../domain/attendance.ts'
import type { ReviewDatabase } from '../db/schema.ts'

type Trx = Transaction<ReviewDatabase>

/** The reservation's attendance, its row (and withdrawal mark) locked so its events apply one at a time. */
async function attendanceState(trx: Trx, userId: string, reservationId: string): Promise<AttendanceState> {
  const withdrawn = await trx.selectFrom('attendance_withdrawal').select('reservation_id')
    .where('reservation_id', '=', reservationId).forUpdate().executeTakeFirst()
  if (withdrawn) return 'WITHDRAWN'
  const existing = await trx.selectFrom('attendance').select('reservation_id')
    .where('user_id', '=', userId).where('reservation_id', '=', reservationId)
    .forUpdate().executeTakeFirst()
  return existing ? 'RECORDED' : 'NONE'
}

/** ReservationPaidEvent → the buyer attends that schedule: one attendance row per reservation. */
export async function recordAttendance(trx: Trx, event: EventPayload<'ReservationPaidEvent'>): Promise<HandlerResult> {
  const decision = onReservationPaid(await attendanceState(trx, event.userId, event.reservationId))
  if (decision.outcome === 'ignored') return decision
  await trx.insertInto('attendance').values({
    user_id: event.userId,
    reservation_id: event.reservationId,
    performance_id: event.performanceId,
    schedule_id: event.scheduleId,
    schedule_ends_at: new Date(event.scheduleEndsAt),
    recorded_at: new Date(),
  }).execute()
  return { outcome: 'applied' }
}

/**
 * RefundRequestedEvent → the fan cancelled the paid booking: its attendance goes, and the withdrawal
 * is kept so a ReservationPaidEvent that comes later (another topic, a DLQ replay) records nothing.
 * Two events racing for the first withdrawal mark: the loser's duplicate key is retried as transient.
 */
export async function withdrawAttendance(trx: Trx, event: EventPayload<'RefundRequestedEvent'>): Promise<HandlerResult> {
  const decision = onRefundRequested(await attendanceState(trx, event.userId, event.reservationId))
  if (decision.outcome === 'ignored') return decision
  await trx.deleteFrom('attendance').where('user_id', '=', event.userId).where('reservation_id', '=', event.reservationId).execute()
  await trx.insertInto('attendance_withdrawal').values({ reservation_id: event.reservationId, user_id: event.userId, withdrawn_at: new Date() }).execute()
  return { outcome: 'applied' }
}

export const reviewEventHandlers: EventHandlers<ReviewDatabase> = {
  ReservationPaidEvent: recordAttendance,
  RefundRequestedEvent: withdrawAttendance,
}
