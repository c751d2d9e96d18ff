import { Type } from 'typebox'
import { notFound, problems, Uuid, type ServiceApp } from '@concert/platform'
import type { SeatCache } from '../db/seat-cache.ts'
const Status = Type.Union([Type.Literal('AVAILABLE'), Type.Literal('HELD'), Type.Literal('SOLD')])

const SeatList = Type.Object({
  scheduleId: Uuid,
  items: Type.Array(Type.Object({
    seatId: Type.Integer(),
    section: Type.String(),
    row: Type.Integer(),
    number: Type.Integer(),
    grade: Type.String(),
    price: Type.Integer({ description: 'KRW' }),
    status: Status,
  })),
})

export function seatRoutes(app: ServiceApp, cache: SeatCache): void {
  app.get('/seats/:scheduleId', {
    schema: {
      tags: ['seats'],
      summary: 'Seats of a schedule with their live status (Redis, falling back to MySQL)',
      params: Type.Object({ scheduleId: Uuid }),
      querystring: Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false }),
      response: { 200: SeatList, ...problems(400, 404) },
    },
  }, async (request) => {
    const { scheduleId } = request.params
    const seats = await cache.seats(scheduleId)
    if (!seats) throw notFound('Schedule')
    const { status } = request.query
    return { scheduleId, items: status ? seats.filter((seat) => seat.status === status) : seats }
  })
}
