import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import { badRequest, IsoDateTime, notFound, problems, Uuid, type ServiceApp } from '@concert/platform'
import { bookableSchedules, createSchedule, findPerformance, findVenue } from '../db/catalog.ts'
import type { ConcertDatabase } from '../db/schema.ts'
import type { SeatCache } from '../db/seat-cache.ts'
import { scheduleProblem } from '../domain/schedule.ts'

const NewSchedule = Type.Object({
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  bookingOpensAt: IsoDateTime,
}, { additionalProperties: false })

const ScheduleFields = {
  scheduleId: Uuid,
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  bookingOpensAt: IsoDateTime,
  availableSeats: Type.Integer(),
  totalSeats: Type.Integer(),
}
const ScheduleCreated = Type.Object({ ...ScheduleFields, performanceId: Uuid })
const ScheduleList = Type.Object({ items: Type.Array(Type.Object(ScheduleFields)) })
const PerformanceParams = Type.Object({ performanceId: Uuid })

export function scheduleRoutes(app: ServiceApp, db: Kysely<ConcertDatabase>, cache: SeatCache): void {
  app.get('/schedules/:performanceId', {
    schema: {
      tags: ['catalog'],
      operationId: 'listSchedules',
      summary: 'Bookable schedules of a performance: those not yet started, soonest first',
      description: 'Listed until the show starts, also before booking opens (bookingOpensAt says when seats can be held).',
      params: PerformanceParams,
      response: { 200: ScheduleList, ...problems(400, 404) },
    },
  }, async (request) => {
    const { performanceId } = request.params
    if (!(await findPerformance(db, performanceId))) throw notFound('Performance')
    const schedules = await bookableSchedules(db, performanceId, new Date())
    // During a sale the count in the seat map is the freshest; seat_availability is its durable twin.
    const cached = await cache.availability(schedules.map((schedule) => schedule.scheduleId))
    return {
      items: schedules.map(({ performanceId: _, ...schedule }) => ({
        ...schedule,
        availableSeats: cached.get(schedule.scheduleId) ?? schedule.availableSeats,
      })),
    }
  })

  app.post('/performances/:performanceId/schedules', {
    onRequest: [app.requireAdmin],
    schema: {
      tags: ['catalog'],
      operationId: 'createSchedule',
      summary: 'Create a schedule with all its seats (admin)',
      security: [{ bearer: [] }],
      params: PerformanceParams,
      body: NewSchedule,
      response: { 201: ScheduleCreated, ...problems(400, 401, 403, 404, 415) },
    },
  }, async (request, reply) => {
    const times = {
      startsAt: new Date(request.body.startsAt),
      endsAt: new Date(request.body.endsAt),
      bookingOpensAt: new Date(request.body.bookingOpensAt),
    }
    const problem = scheduleProblem(times)
    if (problem) throw badRequest('VALIDATION_FAILED', `body: ${problem}`)
    const { performanceId } = request.params
    const performance = await findPerformance(db, performanceId)
    if (!performance) throw notFound('Performance')
    const venue = await findVenue(db, performance.venue.venueId)
    if (!venue) throw notFound('Venue')
    const schedule = await createSchedule(db, performanceId, venue, times)
    await cache.refresh(schedule.scheduleId)
    return reply.code(201).send(schedule)
  })
}
