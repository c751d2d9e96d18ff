import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import { appendEvent } from '@concert/outbox'
import {
  IdempotencyHeaders, IsoDateTime, Page, PageQuery, ProblemError, Uuid, conflict, idempotent, notFound, problems, type ServiceApp,
} from '@concert/platform'
import { fanRefusal, scheduleRefusal, type HoldRefusal } from '../domain/fair-sale.ts'
import { ORDER_STATUSES, RESERVATION_STATUSES, canRelease } from '../domain/reservation.ts'
import { SeatsTakenError, endBooking, insertBooking, lockBookingByReservation, takenSeats } from '../db/bookings.ts'
import { FanRowMissingError, ensureFanRow, findSchedule, holdFacts, isKnownFan, lockFan } from '../db/fair-sale.ts'
import type { HoldBoard } from '../db/hold-board.ts'
import type { OrderDatabase } from '../db/schema.ts'
import { findReservationView, listReservationViews } from '../db/views.ts'
import type { ReservationFeed } from '../events/reservation-changes.ts'
import { ReservationWaitQuery, readReservation } from './reservation-wait.ts'

const SeatId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })

const ReserveBody = Type.Object({
  scheduleId: Uuid,
  seatIds: Type.Array(SeatId, { minItems: 1, maxItems: 4, uniqueItems: true, description: 'Seats of that schedule, held all or none' }),
}, { additionalProperties: false })

const Reserved = Type.Object({
  reservationId: Uuid,
  orderId: Uuid,
  status: Type.Literal('PENDING'),
  scheduleId: Uuid,
  seatIds: Type.Array(SeatId),
  expiresAt: IsoDateTime,
})

/** A reservation with its order, as its owner sees it (also the answer of POST …/cancellation). */
export const ReservationView = Type.Object({
  reservationId: Uuid,
  orderId: Uuid,
  userId: Uuid,
  scheduleId: Uuid,
  performanceId: Uuid,
  seats: Type.Array(Type.Object({ seatId: SeatId, price: Type.Optional(Type.Integer({ description: 'KRW, once concert-service confirmed the hold' })) })),
  amount: Type.Optional(Type.Integer({ description: 'KRW, once concert-service confirmed the hold' })),
  status: Type.Enum(RESERVATION_STATUSES),
  orderStatus: Type.Enum(ORDER_STATUSES),
  expiresAt: IsoDateTime,
  failureReason: Type.Optional(Type.String()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
})

const ReservationParams = Type.Object({ reservationId: Uuid })

export interface ReservationRouteOptions {
  db: Kysely<OrderDatabase>
  holdTtlSeconds: number
  /** TICKETS_PER_FAN_PER_PERFORMANCE */
  ticketLimit: number
  /** What GET /reservations/{id}?wait= waits on (events/reservation-changes.ts). */
  feed: ReservationFeed
  /** Told after commit, so the seat map shows holds at once (db/hold-board.ts). */
  board?: HoldBoard
}

function refusalProblem(refusal: HoldRefusal): ProblemError {
  switch (refusal.code) {
    case 'SCHEDULE_NOT_FOUND':
      return new ProblemError(404, refusal.code, 'No such schedule is known to be on sale')
    case 'ADMISSION_WRONG_PERFORMANCE':
      return new ProblemError(403, refusal.code, 'The admission token is for another performance than this schedule’s')
    case 'BOOKING_CLOSED':
      return conflict(refusal.code, refusal.window === 'NOT_OPEN_YET' ? 'Booking for this schedule has not opened yet' : 'Booking for this schedule has closed: the show has started')
    case 'ADMISSION_USED':
      return new ProblemError(403, refusal.code, 'This admission has ended (its purchase is paid, or you left the waiting room); join the waiting room again')
    case 'HOLD_EXISTS':
      return conflict(refusal.code, 'This admission already holds seats; pay for or cancel that hold first', { reservationId: refusal.reservationId })
    case 'TICKET_LIMIT':
      return conflict(refusal.code, `At most ${refusal.limit} seats per fan for this performance: you hold or bought ${refusal.held} and asked for ${refusal.requested}`,
        { limit: refusal.limit, held: refusal.held, requested: refusal.requested })
  }
}

export function reservationRoutes(app: ServiceApp, { db, holdTtlSeconds, ticketLimit, board, feed }: ReservationRouteOptions): void {
  app.post('/reservations', {
    onRequest: [app.requireAdmission],
    schema: {
      tags: ['reservations'],
      operationId: 'holdSeats',
      summary: 'Hold 1–4 seats of a schedule (all or none) for a few minutes (5 by default; see expiresAt)',
      description: 'Refused, in this order, before any seat is touched: 404 SCHEDULE_NOT_FOUND, 403 ADMISSION_WRONG_PERFORMANCE, '
        + '409 BOOKING_CLOSED, 403 ADMISSION_USED, 409 HOLD_EXISTS {reservationId}, 409 TICKET_LIMIT {limit, held, requested}; '
        + 'then 409 SEAT_UNAVAILABLE {seatIds}. A replayed Idempotency-Key answers the first response.',
      security: [{ bearer: [], queueToken: [] }],
      headers: IdempotencyHeaders,
      body: ReserveBody,
      response: {
        201: Reserved,
        ...problems(400, 401, 413, 415, 422, 503, {
          403: ['ADMISSION_WRONG_PERFORMANCE', 'ADMISSION_USED', 'FORBIDDEN'],
          404: ['SCHEDULE_NOT_FOUND'],
          409: ['BOOKING_CLOSED', 'HOLD_EXISTS', 'TICKET_LIMIT', 'SEAT_UNAVAILABLE'],
        }),
      },
    },
  }, async (request, reply) => {
    const { userId } = request.user
    const { performanceId, tokenId } = request.admission
    const scheduleId = request.body.scheduleId
    const seatIds = [...request.body.seatIds].sort((a, b) => a - b)
    // A fan's first hold (as far as this process knows) whose schedule passes makes the fan's lock
    // row now, as the FanRowMissingError path below would after a rollback and a second try.
    if (!isKnownFan(db, userId, performanceId)) {
      const schedule = await findSchedule(db, scheduleId)
      if (schedule && !scheduleRefusal(schedule, performanceId, new Date())) await ensureFanRow(db, userId, performanceId)
    }
    // Inside idempotent(), so a replay answers the stored 201 before any check.
    const hold = () => idempotent(db, {
      userId,
      key: request.headers['idempotency-key'],
      fingerprint: ['POST /reservations', scheduleId, seatIds],
    }, async (trx) => {
      // The fan's lock first, so the fan's concurrent requests are decided one after the other and
      // every read below sees what the previous one committed (see lockFan).
      const locked = await lockFan(trx, userId, performanceId)
      const reservedAt = new Date()
      const facts = await holdFacts(trx, { scheduleId, tokenId, userId, performanceId })
      const refusal = scheduleRefusal(facts.schedule, performanceId, reservedAt)
      if (refusal) throw refusalProblem(refusal)
      if (!locked) throw new FanRowMissingError()
      const fanProblem = fanRefusal({
        tokenId,
        announcedEnded: facts.announcedEnded,
        reservations: facts.reservations,
        requested: seatIds.length,
        limit: ticketLimit,
      })
      if (fanProblem) throw refusalProblem(fanProblem)
      const expiresAt = new Date(reservedAt.getTime() + holdTtlSeconds * 1000)
      const reservationId = randomUUID()
      const orderId = randomUUID()
      await insertBooking(trx, { reservationId, orderId, userId, performanceId, scheduleId, seatIds, admissionTokenId: tokenId, createdAt: reservedAt, expiresAt })
      await appendEvent(trx, {
        type: 'SeatReservedEvent',
        payload: { reservationId, orderId, userId, performanceId, scheduleId, seatIds, reservedAt: reservedAt.toISOString(), expiresAt: expiresAt.toISOString() },
      })
      return { status: 201, body: { reservationId, orderId, status: 'PENDING' as const, scheduleId, seatIds, expiresAt: expiresAt.toISOString() } }
    })
    try {
      const result = await hold().catch(async (error: unknown) => {
        // The fan's first hold for this performance that passed the schedule checks: make its lock
        // row (only now, so a refused request leaves nothing behind) and decide again under it.
        if (!(error instanceof FanRowMissingError)) throw error
        await ensureFanRow(db, userId, performanceId)
        return hold()
      })
      // A replay answers with the stored status, which for this route is always the 201 above.
      await board?.held({ scheduleId, seatIds, expiresAt: new Date(result.body.expiresAt) })
      return reply.code(201).send(result.body)
    } catch (error) {
      if (!(error instanceof SeatsTakenError)) throw error
      // Read after the rollback, so the answer names what is taken now; if those holds ended in the
      // meantime, name every requested seat rather than none.
      const taken = await takenSeats(db, scheduleId, seatIds)
      throw conflict('SEAT_UNAVAILABLE', 'Some of these seats are already held or sold', { seatIds: taken.length > 0 ? taken : seatIds })
    }
  })

  app.get('/reservations/:reservationId', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['reservations'],
      operationId: 'getReservation',
      summary: 'One of your reservations, with its order',
      description: 'With `wait` and `status` (long-poll): answers as soon as the reservation status differs from `status` '
        + '(or the order status from `orderStatus`, when given), or after `wait` seconds with the current view; 200 either way.',
      security: [{ bearer: [] }],
      params: ReservationParams,
      querystring: ReservationWaitQuery,
      response: { 200: ReservationView, ...problems(400, 401, 404) },
    },
  }, async (request, reply) => {
    const view = await readReservation(db, feed, reply, request.params.reservationId, request.user.userId, request.query)
    if (!view) throw notFound('Reservation')
    return view
  })

  app.get('/reservations', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['reservations'],
      operationId: 'listReservations',
      summary: 'Your reservations, newest first',
      security: [{ bearer: [] }],
      querystring: PageQuery,
      response: { 200: Page(ReservationView), ...problems(400, 401) },
    },
  }, async (request) => listReservationViews(db, request.user.userId, request.query.page, request.query.size))

  app.delete('/reservations/:reservationId', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['reservations'],
      operationId: 'releaseReservation',
      summary: 'Release an unpaid hold: reservation and order CANCELLED, seats free again',
      security: [{ bearer: [] }],
      params: ReservationParams,
      response: { 200: ReservationView, ...problems(400, 401, 404, { 409: ['RESERVATION_NOT_CANCELLABLE'] }) },
    },
  }, async (request) => {
    const { reservationId } = request.params
    const { userId } = request.user
    await db.transaction().execute(async (trx) => {
      const booking = await lockBookingByReservation(trx, reservationId)
      if (!booking || booking.userId !== userId) throw notFound('Reservation')
      if (!canRelease(booking, 'CANCELLED')) {
        throw conflict('RESERVATION_NOT_CANCELLABLE', `A reservation that is ${booking.reservationStatus} with an order ${booking.orderStatus} cannot be cancelled`)
      }
      const at = new Date()
      await endBooking(trx, booking, 'CANCELLED', at)
      await appendEvent(trx, {
        type: 'ReservationCancelledEvent',
        payload: { reservationId, scheduleId: booking.reservation.schedule_id, seatIds: booking.seatIds, reason: 'USER_CANCELLED' },
      })
    })
    const view = await findReservationView(db, reservationId, userId)
    if (!view) throw notFound('Reservation')
    await board?.released({ scheduleId: view.scheduleId, seatIds: view.seats.map((seat) => seat.seatId), expiresAt: new Date(view.expiresAt) })
    return view
  })
}
