import type { Transaction } from 'kysely'
import { appendEvent, type EventPayload } from '@concert/outbox'
import type { ConcertDatabase } from '../db/schema.ts'
import { lockSeats, moveSeats } from '../db/seats.ts'
import { refundable } from '../domain/seat.ts'
import type { StepResult } from './consumers.ts'

type Trx = Transaction<ConcertDatabase>

/**
 * RefundRequestedEvent (the refund saga): the seats the cancelled reservation bought (or still holds)
 * are AVAILABLE again (the availability count follows), and order-service is answered with
 * RefundSeatsReleasedEvent, even when nothing was left to free, so the saga always ends. The caller
 * refreshes the seat map after commit. processed_event makes it run once per event; a second refund
 * event for the same reservation frees nothing and answers again, which order-service ignores.
 */
export async function releaseRefundedSeats(trx: Trx, event: EventPayload<'RefundRequestedEvent'>): Promise<StepResult> {
  const { reservationId, scheduleId, seatIds, orderId } = event
  const { sold, held } = refundable(await lockSeats(trx, scheduleId, seatIds), reservationId)
  const free = { scheduleId, heldBy: reservationId, to: 'AVAILABLE' as const, reservationId: null }
  // The rows are locked, so both moves change exactly these seats; availability is counted from them.
  await moveSeats(trx, { ...free, seatIds: sold, from: 'SOLD' })
  await moveSeats(trx, { ...free, seatIds: held, from: 'HELD' })
  const releasedSeatIds = [...sold, ...held].sort((a, b) => a - b)
  await appendEvent(trx, {
    type: 'RefundSeatsReleasedEvent',
    payload: { reservationId, orderId, scheduleId, seatIds, releasedSeatIds, releasedAt: new Date().toISOString() },
  })
  return releasedSeatIds.length > 0 ? { outcome: 'applied', changed: { scheduleId, seatIds: releasedSeatIds } } : { outcome: 'applied' }
}
