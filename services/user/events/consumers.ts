import type { Transaction } from 'kysely'
import type { EventHandlers, EventPayload } from '@concert/outbox'
import { recordSchedule } from '../db/schedules.ts'
import type { UserDatabase } from '../db/schema.ts'
import type { WaitingRoom } from '../db/waiting-room.ts'

/**
 * ReservationPaidEvent → the buyer's admission for that performance is spent: token USED, and its
 * active slot in the waiting room is freed for the next fan.
 */
export async function markTokenUsed(trx: Transaction<UserDatabase>, event: EventPayload<'ReservationPaidEvent'>) {
  // The admission the hold was made with; older events without it name the fan's latest admission.
  const token = event.admissionTokenId
    ? await trx.selectFrom('token').select(['id', 'status'])
      .where('id', '=', event.admissionTokenId).where('user_id', '=', event.userId).where('status', '=', 'ACTIVE')
      .forUpdate().executeTakeFirst()
    : await trx.selectFrom('token').select(['id', 'status'])
      .where('user_id', '=', event.userId).where('performance_id', '=', event.performanceId)
      .where('status', '=', 'ACTIVE')
      .orderBy('activated_at', 'desc').limit(1).forUpdate().executeTakeFirst()
  if (!token) return { outcome: 'ignored' as const, reason: 'the admission is not ACTIVE (already ended)' }
  await trx.updateTable('token').set({ status: 'USED', ended_at: new Date(event.paidAt) }).where('id', '=', token.id).execute()
  return { outcome: 'applied' as const, tokenId: token.id }
}

/** ScheduleCreatedEvent → the performance is known to the waiting room, with when it is on sale. */
export async function knowSchedule(trx: Transaction<UserDatabase>, event: EventPayload<'ScheduleCreatedEvent'>) {
  return await recordSchedule(trx, event) === 'recorded'
    ? { outcome: 'applied' as const }
    : { outcome: 'ignored' as const, reason: 'schedule already known' }
}

export function userEventHandlers(room: WaitingRoom): EventHandlers<UserDatabase> {
  return {
    ScheduleCreatedEvent: knowSchedule,
    ReservationPaidEvent: async (trx, event) => {
      const result = await markTokenUsed(trx, event)
      // Freeing the slot early is an optimisation: if it fails, the slot lapses with its admission TTL.
      if (result.outcome === 'applied') await room.leave(event.performanceId, result.tokenId).catch(() => undefined)
      return result.outcome === 'applied' ? { outcome: 'applied' } : result
    },
  }
}
