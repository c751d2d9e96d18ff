import type { Transaction } from 'kysely'
import type { EventHandlers, EventPayload, HandlerResult } from '@concert/outbox'
import { onReservationPaid } from '../domain/attendance.ts'
import type { ReviewDatabase } from '../db/schema.ts'

/** ReservationPaidEvent → the buyer attends that schedule: one attendance row per reservation. */
export async function recordAttendance(trx: Transaction<ReviewDatabase>, event: EventPayload<'ReservationPaidEvent'>): Promise<HandlerResult> {
  const existing = await trx.selectFrom('attendance').select('reservation_id')
    .where('user_id', '=', event.userId).where('reservation_id', '=', event.reservationId)
    .forUpdate().executeTakeFirst()
  const decision = onReservationPaid(existing ? 'RECORDED' : 'NONE')
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

export const reviewEventHandlers: EventHandlers<ReviewDatabase> = {
  ReservationPaidEvent: recordAttendance,
}
