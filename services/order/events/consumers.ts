import type { Transaction } from 'kysely'
import { appendEvent, type EventHandlers, type EventPayload, type HandlerResult } from '@concert/outbox'
import {
  decidePaymentRequest, decidePaymentRolledBack, decidePointsDeducted, decideSeatsConfirmed, decideSeatsRefused,
} from '../domain/reservation.ts'
import {
  endBooking, lockBookingByOrder, lockBookingByReservation, updateOrder, updateReservation, type LockedBooking,
} from '../db/bookings.ts'
import { recordEndedAdmission, recordSchedule } from '../db/fair-sale.ts'
import type { HoldBoard } from '../db/hold-board.ts'
import type { OrderDatabase } from '../db/schema.ts'
import { refundedHold } from '../db/refunds.ts'
import { onPaymentRefunded, onRefundSeatsReleased } from './refund-answers.ts'

/**
 * The order-service steps of the reservation and payment sagas (SPEC §7). Each is a guarded
 * transition: it locks the booking, asks the domain whether the event applies to the current state,
 * and otherwise records it as ignored, so redeliveries and reordering across topics change nothing.
 */
type Trx = Transaction<OrderDatabase>

const applied: HandlerResult = { outcome: 'applied' }
const ignored = (reason: string): HandlerResult => ({ outcome: 'ignored', reason })

/** Used where a rejection must name a reservation but the order (and so its reservation) is unknown. */
export const NO_RESERVATION = '00000000-0000-0000-0000-000000000000'

/** The reason of a ReservationCancelledEvent that frees seats concert held after the reservation was cancelled. */
export const LATE_HOLD_RELEASED = 'LATE_HOLD_RELEASED'

/**
 * ReservationConfirmedEvent: concert holds the seats → reservation HELD with its prices, order amount.
 * A reservation that ended before concert held its seats (the SeatReservedEvent reached concert late,
 * e.g. replayed from the DLQ after the expiry) would leave them HELD there for good: its ending is
 * announced again, which concert applies as a release of the seats this reservation holds.
 * An unknown reservation is ignored: it is not this database's (a test's), and its seats are not ours to free.
 */
export async function onSeatsConfirmed(trx: Trx, event: EventPayload<'ReservationConfirmedEvent'>): Promise<HandlerResult> {
  const booking = await lockBookingByReservation(trx, event.reservationId)
  if (!booking) return ignored('unknown reservation')
  const decision = decideSeatsConfirmed(booking)
  if (decision.kind === 'ignore') return ignored(decision.reason)
  if (decision.kind === 'release') {
    await announceEndAgain(trx, booking, decision.as, event)
    return applied
  }
  const prices = new Map(event.seats.map((seat) => [seat.seatId, seat.price]))
  if (booking.seatIds.some((seatId) => !prices.has(seatId))) return ignored('the confirmation does not price every reserved seat')
  const at = new Date()
  for (const seatId of booking.seatIds) {
    const price = prices.get(seatId)!
    await trx.updateTable('reservation_item').set({ price }).where('reservation_id', '=', event.reservationId).where('seat_id', '=', seatId).execute()
    await trx.updateTable('order_item').set({ price }).where('order_id', '=', booking.order.id).where('seat_id', '=', seatId).execute()
  }
  await updateReservation(trx, event.reservationId, 'HELD', at, { schedule_ends_at: new Date(event.scheduleEndsAt) })
  await updateOrder(trx, booking.order.id, at, { amount: event.amount })
  return applied
}

/** The compensation for a hold concert made after the reservation ended: the seats concert says it holds are freed. */
async function announceEndAgain(trx: Trx, booking: LockedBooking, as: 'EXPIRED' | 'CANCELLED', held: { scheduleId: string; seatIds: number[] }) {
  const { reservation } = booking
  const seats = { reservationId: reservation.id, scheduleId: held.scheduleId, seatIds: held.seatIds }
  if (as === 'EXPIRED') {
    await appendEvent(trx, { type: 'ReservationExpiredEvent', payload: { ...seats, expiredAt: reservation.updated_at.toISOString() } })
  } else {
    await appendEvent(trx, { type: 'ReservationCancelledEvent', payload: { ...seats, reason: LATE_HOLD_RELEASED } })
  }
}

/** ReservationRollbackEvent: concert refused the seats → reservation and order CANCELLED, holds released. */
export async function onSeatsRefused(trx: Trx, event: EventPayload<'ReservationRollbackEvent'>): Promise<HandlerResult> {
  const booking = await lockBookingByReservation(trx, event.reservationId)
  if (!booking) return ignored('unknown reservation')
  const verdict = decideSeatsRefused(booking)
  if (!verdict.ok) return ignored(verdict.reason)
  // Concert never held these seats, so there is nothing to announce back to it.
  await endBooking(trx, booking, 'CANCELLED', new Date(), event.reason)
  return applied
}

/** PaymentRequestedEvent: accept the payment (PAYMENT_PROCESSING) or reject it with a reason; both are announced. */
export async function onPaymentRequested(trx: Trx, event: EventPayload<'PaymentRequestedEvent'>): Promise<HandlerResult> {
  const booking = await lockBookingByOrder(trx, event.orderId)
  const now = new Date()
  const decision = decidePaymentRequest(booking, event, now)
  if (decision.kind === 'ignore') return ignored(decision.reason)
  const common = {
    orderId: event.orderId,
    updatedAt: now.toISOString(),
    paymentId: event.paymentId,
    userId: event.userId,
    reservationId: booking?.reservation.id ?? NO_RESERVATION,
    amount: booking?.order.amount ?? 0,
  }
  if (decision.kind === 'reject') {
    await appendEvent(trx, { type: 'OrderStatusUpdatedEvent', payload: { ...common, status: 'PAYMENT_REJECTED', reason: decision.reason } })
    return applied
  }
  await updateOrder(trx, event.orderId, now, { status: 'PAYMENT_PROCESSING', payment_id: event.paymentId })
  await appendEvent(trx, { type: 'OrderStatusUpdatedEvent', payload: { ...common, status: 'PAYMENT_PROCESSING' } })
  return applied
}

/** OrderRollbackEvent: the payment failed → order PENDING again, the hold kept (and the clock running). */
export async function onPaymentRolledBack(trx: Trx, event: EventPayload<'OrderRollbackEvent'>): Promise<HandlerResult> {
  const booking = await lockBookingByOrder(trx, event.orderId)
  if (!booking) return ignored('unknown order')
  const verdict = decidePaymentRolledBack(booking, event.paymentId)
  if (!verdict.ok) return ignored(verdict.reason)
  await updateOrder(trx, event.orderId, new Date(), { status: 'PENDING', payment_id: null })
  return applied
}

/**
 * PointDeductedEvent: the points are taken → order PAID, reservation CONFIRMED, seats SOLD. If the
 * seats can no longer be sold, the saga compensates: order CANCELLED, points refunded, payment
 * rolled back, and any hold still there released.
 */
export async function onPointsDeducted(trx: Trx, event: EventPayload<'PointDeductedEvent'>): Promise<HandlerResult> {
  const booking = await lockBookingByOrder(trx, event.orderId)
  if (!booking) return ignored('unknown order')
  const decision = decidePointsDeducted(booking, event.paymentId)
  if (decision.kind === 'ignore') return ignored(decision.reason)
  const { reservation, seatIds } = booking
  const now = new Date()
  if (decision.kind === 'pay') {
    await updateOrder(trx, event.orderId, now, { status: 'PAID' })
    await updateReservation(trx, reservation.id, 'CONFIRMED', now)
    await trx.updateTable('seat_reservation').set({ status: 'SOLD' }).where('reservation_id', '=', reservation.id).execute()
    await appendEvent(trx, {
      type: 'ReservationPaidEvent',
      payload: {
        reservationId: reservation.id,
        orderId: event.orderId,
        userId: booking.userId,
        performanceId: reservation.performance_id,
        scheduleId: reservation.schedule_id,
        seatIds,
        // Set by ReservationConfirmedEvent, which a HELD reservation has always seen.
        scheduleEndsAt: (reservation.schedule_ends_at ?? reservation.expires_at).toISOString(),
        paidAt: now.toISOString(),
        admissionTokenId: reservation.admission_token_id,
      },
    })
    return applied
  }
  const released = await endBooking(trx, booking, 'CANCELLED', now, decision.reason)
  const { paymentId, orderId } = event
  await appendEvent(trx, { type: 'PointRollbackEvent', payload: { pointId: event.pointId, userId: event.userId, amount: event.amount, reason: decision.reason, paymentId, orderId } })
  await appendEvent(trx, { type: 'PaymentRollbackEvent', payload: { paymentId, orderId, reason: decision.reason } })
  if (released) {
    await appendEvent(trx, { type: 'ReservationCancelledEvent', payload: { reservationId: reservation.id, scheduleId: reservation.schedule_id, seatIds, reason: decision.reason } })
  }
  return applied
}

/** ScheduleCreatedEvent: the schedule read model holds are checked against (its performance and booking window). */
export async function onScheduleCreated(trx: Trx, event: EventPayload<'ScheduleCreatedEvent'>): Promise<HandlerResult> {
  return (await recordSchedule(trx, event)) ? applied : ignored('schedule already known')
}

/** AdmissionEndedEvent: the admission may not hold seats any more (the fan left the waiting room). */
export async function onAdmissionEnded(trx: Trx, event: EventPayload<'AdmissionEndedEvent'>): Promise<HandlerResult> {
  return (await recordEndedAdmission(trx, event)) ? applied : ignored('admission already ended')
}

export const orderEventHandlers: EventHandlers<OrderDatabase> = {
  ReservationConfirmedEvent: onSeatsConfirmed,
  ReservationRollbackEvent: onSeatsRefused,
  PaymentRequestedEvent: onPaymentRequested,
  OrderRollbackEvent: onPaymentRolledBack,
  PointDeductedEvent: onPointsDeducted,
  ScheduleCreatedEvent: onScheduleCreated,
  AdmissionEndedEvent: onAdmissionEnded,
  // The refund saga's answers (events/refund-answers.ts).
  PaymentRefundedEvent: onPaymentRefunded,
  RefundSeatsReleasedEvent: onRefundSeatsReleased,
}

/**
 * The handlers, with the hold board told after commit when concert refused the seats or a payment was
 * compensated (both may end a hold). Expiries need no call: a board entry stops counting at the
 * hold's expiry by itself (db/hold-board.ts).
 */
export function withHoldBoard(handlers: EventHandlers<OrderDatabase>, board: HoldBoard): EventHandlers<OrderDatabase> {
  return {
    ...handlers,
    ReservationRollbackEvent: async (trx, event, ctx) => {
      const result = await onSeatsRefused(trx, event)
      if (result.outcome === 'applied') ctx.afterCommit(() => board.releasedIfEnded({ reservationId: event.reservationId }))
      return result
    },
    PointDeductedEvent: async (trx, event, ctx) => {
      const result = await onPointsDeducted(trx, event)
      if (result.outcome === 'applied') ctx.afterCommit(() => board.releasedIfEnded({ orderId: event.orderId }))
      return result
    },
    // The refunded seats are free in order once concert freed them: a board entry of their hold that
    // still counts (a refund within HOLD_TTL of the hold) goes too, or the map would show them HELD.
    RefundSeatsReleasedEvent: async (trx, event, ctx) => {
      const result = await onRefundSeatsReleased(trx, event)
      const hold = result.outcome === 'applied' ? await refundedHold(trx, event.reservationId) : undefined
      if (hold) ctx.afterCommit(() => board.released(hold))
      return result
    },
  }
}
