import type { Transaction } from 'kysely'
import { appendEvent, type EventHandler, type EventHandlers, type EventPayload, type HandlerResult } from '@concert/outbox'
import { findSchedule } from '../db/catalog.ts'
import type { ConcertDatabase } from '../db/schema.ts'
import type { SeatCache } from '../db/seat-cache.ts'
import { lockSeats, moveSeats } from '../db/seats.ts'
import { bookingWindow } from '../domain/schedule.ts'
import { decideHold, decideSale, holdLapsed, releasable } from '../domain/seat.ts'
import { releaseRefundedSeats } from './refund-seats.ts'

/**
 * concert-service's saga steps (SPEC §7): each handler is a guarded transition over the seat state
 * machine, run by the consumer runtime inside one transaction with the processed_event guard.
 * Business failures become ReservationRollbackEvent; events that no longer apply are ignored.
 * Each returns the schedule whose seats it changed, so the caller refreshes the cache after commit.
 */
type Trx = Transaction<ConcertDatabase>
export type StepResult = HandlerResult & { changed?: { scheduleId: string; seatIds: number[] } }

export type RollbackReason = 'HOLD_EXPIRED' | 'SCHEDULE_NOT_FOUND' | 'PERFORMANCE_MISMATCH' | 'BOOKING_CLOSED' | 'SEAT_NOT_FOUND' | 'SEAT_UNAVAILABLE'

async function rollback(trx: Trx, reservationId: string, reason: RollbackReason): Promise<StepResult> {
  await appendEvent(trx, { type: 'ReservationRollbackEvent', payload: { reservationId, reason } })
  return { outcome: 'applied' }
}

/**
 * SeatReservedEvent → hold every seat for the reservation and confirm with prices, or roll back.
 * A reservation past its expiry is refused first: its event arrived late (replayed from the DLQ after
 * the expiry, whose release found nothing to free), and a hold now would outlive the reservation.
 */
export async function holdSeats(trx: Trx, event: EventPayload<'SeatReservedEvent'>, now = new Date()): Promise<StepResult> {
  const { reservationId, scheduleId, seatIds } = event
  if (holdLapsed(new Date(event.expiresAt), now)) return rollback(trx, reservationId, 'HOLD_EXPIRED')
  const schedule = await findSchedule(trx, scheduleId)
  if (!schedule) return rollback(trx, reservationId, 'SCHEDULE_NOT_FOUND')
  if (schedule.performance_id !== event.performanceId) return rollback(trx, reservationId, 'PERFORMANCE_MISMATCH')
  if (bookingWindow({ startsAt: schedule.starts_at, bookingOpensAt: schedule.booking_opens_at }, now) !== 'OPEN') {
    return rollback(trx, reservationId, 'BOOKING_CLOSED')
  }
  const decision = decideHold(seatIds, await lockSeats(trx, scheduleId, seatIds), reservationId)
  if (decision.kind === 'already-held') return { outcome: 'ignored', reason: 'seats already held by this reservation' }
  if (decision.kind === 'refuse') return rollback(trx, reservationId, decision.reason)

  const held = await moveSeats(trx, { scheduleId, seatIds, from: 'AVAILABLE', heldBy: null, to: 'HELD', reservationId })
  // The rows are locked, so this cannot differ; if it ever does, fail the attempt rather than half-hold.
  if (held !== seatIds.length) throw new Error(`held ${held} of ${seatIds.length} seats for reservation ${reservationId}`)
  await appendEvent(trx, {
    type: 'ReservationConfirmedEvent',
    payload: {
      reservationId,
      userId: event.userId,
      performanceId: event.performanceId,
      scheduleId,
      seatIds,
      seats: decision.seats,
      amount: decision.amount,
      scheduleEndsAt: schedule.ends_at.toISOString(),
    },
  })
  return { outcome: 'applied', changed: { scheduleId, seatIds } }
}

/** ReservationExpiredEvent / ReservationCancelledEvent → the seats this reservation still holds are free again. */
export async function releaseSeats(trx: Trx, event: { reservationId: string; scheduleId: string; seatIds: number[] }): Promise<StepResult> {
  const { reservationId, scheduleId } = event
  const seatIds = releasable(await lockSeats(trx, scheduleId, event.seatIds), reservationId)
  if (seatIds.length === 0) return { outcome: 'ignored', reason: 'no seat is held by this reservation' }
  await moveSeats(trx, { scheduleId, seatIds, from: 'HELD', heldBy: reservationId, to: 'AVAILABLE', reservationId: null })
  return { outcome: 'applied', changed: { scheduleId, seatIds } }
}

/** ReservationPaidEvent → the held seats are sold; availability is unchanged (HELD was already unavailable). */
export async function sellSeats(trx: Trx, event: EventPayload<'ReservationPaidEvent'>): Promise<StepResult> {
  const { reservationId, scheduleId } = event
  const decision = decideSale(event.seatIds, await lockSeats(trx, scheduleId, event.seatIds), reservationId)
  if (decision.kind === 'ignore') return { outcome: 'ignored', reason: decision.reason }
  await moveSeats(trx, { scheduleId, seatIds: decision.seatIds, from: 'HELD', heldBy: reservationId, to: 'SOLD', reservationId })
  return { outcome: 'applied', changed: { scheduleId, seatIds: decision.seatIds } }
}

type SeatEvent = 'SeatReservedEvent' | 'ReservationExpiredEvent' | 'ReservationCancelledEvent' | 'ReservationPaidEvent' | 'RefundRequestedEvent'
type Step<N extends SeatEvent> = (trx: Trx, event: EventPayload<N>) => Promise<StepResult>

export function concertEventHandlers(cache: SeatCache): EventHandlers<ConcertDatabase> {
  /** Runs a step and, once its transaction has committed, refreshes the seats it changed in Redis. */
  const withRefresh = <N extends SeatEvent>(step: Step<N>): EventHandler<ConcertDatabase, N> => async (trx, event, ctx) => {
    const { changed, ...result } = await step(trx, event)
    if (changed) ctx.afterCommit(() => cache.refresh(changed.scheduleId, changed.seatIds))
    return result as HandlerResult
  }
  return {
    SeatReservedEvent: withRefresh(holdSeats),
    ReservationExpiredEvent: withRefresh(releaseSeats),
    ReservationCancelledEvent: withRefresh(releaseSeats),
    ReservationPaidEvent: withRefresh(sellSeats),
    // The refund saga: a cancelled paid booking's seats are AVAILABLE again (events/refund-seats.ts).
    RefundRequestedEvent: withRefresh(releaseRefundedSeats),
  }
}
