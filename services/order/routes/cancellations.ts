import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import { appendEvent } from '@concert/outbox'
import { IdempotencyHeaders, Uuid, conflict, idempotent, notFound, problems, type ProblemError, type ServiceApp } from '@concert/platform'
import { REFUND_REASON, decideCancellation, type CancellationRefusal } from '../domain/refund.ts'
import { endBooking, lockBookingByReservation } from '../db/bookings.ts'
import { findSchedule } from '../db/fair-sale.ts'
import { requestRefund } from '../db/refunds.ts'
import type { OrderDatabase } from '../db/schema.ts'
import { findReservationView, type ReservationView as View } from '../db/views.ts'
import { ReservationView } from './reservations.ts'

export interface CancellationRouteOptions {
  db: Kysely<OrderDatabase>
  /** CANCELLATION_CLOSES_HOURS_BEFORE_START */
  closesHoursBeforeStart: number
  /** after an unpaid hold was released and committed (the hold board: its seats leave the seat map's overlay) */
  afterRelease?: (hold: { scheduleId: string; seatIds: number[]; expiresAt: Date }) => Promise<void>
}

function refusalProblem(refusal: CancellationRefusal, status: string, orderStatus: string): ProblemError {
  switch (refusal.code) {
    case 'ALREADY_CANCELLED':
      return conflict(refusal.code, `This reservation was already cancelled (order ${orderStatus})`)
    case 'CANCELLATION_CLOSED':
      return conflict(refusal.code, refusal.closesAt
        ? `Cancellation closed at ${refusal.closesAt.toISOString()}, before the show starts`
        : 'Cancellation has closed for this show', refusal.closesAt ? { closesAt: refusal.closesAt.toISOString() } : {})
    case 'RESERVATION_NOT_CANCELLABLE':
      return conflict(refusal.code, `A reservation that is ${status} with an order ${orderStatus} cannot be cancelled`)
  }
}

/**
 * POST /reservations/{id}/cancellation: cancel any booking of yours. An unpaid hold is released at
 * once, exactly as DELETE does (200, CANCELLED). A paid booking starts the refund saga (202, order
 * REFUND_REQUESTED; poll GET /reservations/{id} until CANCELLED/REFUNDED), until
 * CANCELLATION_CLOSES_HOURS_BEFORE_START before the show (then 409 CANCELLATION_CLOSED). The
 * Idempotency-Key replays the first answer; a second cancel with another key is 409 ALREADY_CANCELLED.
 * DELETE keeps its contract (409 for a paid booking).
 */
export function cancellationRoutes(app: ServiceApp, { db, closesHoursBeforeStart, afterRelease }: CancellationRouteOptions): void {
  app.post('/reservations/:reservationId/cancellation', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['reservations'],
      operationId: 'cancelReservation',
      summary: 'Cancel your booking: an unpaid hold is released (200), a paid one is refunded in full (202)',
      description: `A paid booking can be cancelled until ${closesHoursBeforeStart} hours before the show: `
        + 'the order goes REFUND_REQUESTED, then REFUNDED with the reservation CANCELLED once the points are back and the seats free. '
        + 'Refused: 404 for an unknown reservation or another user\'s, 409 CANCELLATION_CLOSED {closesAt}, 409 ALREADY_CANCELLED, '
        + '409 RESERVATION_NOT_CANCELLABLE (expired, refused, or a payment in flight). A replayed Idempotency-Key answers the first response.',
      security: [{ bearer: [] }],
      headers: IdempotencyHeaders,
      params: Type.Object({ reservationId: Uuid }),
      response: { 200: ReservationView, 202: ReservationView, ...problems(400, 401, 404, 422, 503, { 409: ['ALREADY_CANCELLED', 'CANCELLATION_CLOSED', 'RESERVATION_NOT_CANCELLABLE'] }) },
    },
  }, async (request, reply) => {
    const { reservationId } = request.params
    const { userId } = request.user
    let released: View | undefined
    // A refusal thrown inside rolls the Idempotency-Key back with everything else: only answers that
    // changed something are stored and replayed.
    const result = await idempotent(db, {
      userId, key: request.headers['idempotency-key'], fingerprint: ['POST /reservations/{id}/cancellation', reservationId],
    }, async (trx) => {
      const booking = await lockBookingByReservation(trx, reservationId)
      if (!booking || booking.userId !== userId) throw notFound('Reservation')
      const at = new Date()
      const schedule = await findSchedule(trx, booking.reservation.schedule_id)
      const decision = decideCancellation(booking, schedule?.startsAt, at, closesHoursBeforeStart)
      if (decision.kind === 'refuse') throw refusalProblem(decision.refusal, booking.reservationStatus, booking.orderStatus)
      const { reservation, seatIds } = booking
      if (decision.kind === 'release') {
        await endBooking(trx, booking, 'CANCELLED', at)
        await appendEvent(trx, { type: 'ReservationCancelledEvent', payload: { reservationId, scheduleId: reservation.schedule_id, seatIds, reason: 'USER_CANCELLED' } })
      } else {
        const refund = await requestRefund(trx, booking, { paymentId: decision.paymentId, reason: REFUND_REASON, at })
        await appendEvent(trx, {
          type: 'RefundRequestedEvent',
          payload: {
            orderId: booking.order.id, reservationId, paymentId: decision.paymentId, userId,
            performanceId: reservation.performance_id, scheduleId: reservation.schedule_id, seatIds,
            amount: refund.amount, reason: refund.reason, requestedAt: at.toISOString(),
          },
        })
      }
      const view = (await findReservationView(trx, reservationId, userId))!
      if (decision.kind === 'release') released = view
      return { status: decision.kind === 'release' ? 200 : 202, body: view }
    })
    if (released && afterRelease) {
      await afterRelease({ scheduleId: released.scheduleId, seatIds: released.seats.map((seat) => seat.seatId), expiresAt: new Date(released.expiresAt) })
    }
    // A replay answers with the stored status: 200 (released) or 202 (refund under way).
    return result.status === 202 ? reply.code(202).send(result.body) : reply.code(200).send(result.body)
  })
}
