import { Type } from 'typebox'
import { notFound, problems, Uuid, type ServiceApp } from '@concert/platform'
import type { HoldBoardReader } from '../db/hold-board.ts'
import type { SeatCache } from '../db/seat-cache.ts'
import { overlayHolds } from '../domain/seat-status.ts'
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

export function seatRoutes(app: ServiceApp, cache: SeatCache, board: HoldBoardReader): void {
  app.get('/seats/:scheduleId', {
    schema: {
      tags: ['seats'],
      operationId: 'listSeats',
      summary: 'Seats of a schedule with their live status',
      description: 'A seat order-service has just held shows HELD at once (its hold board), before concert applies the hold.',
      params: Type.Object({ scheduleId: Uuid }),
      querystring: Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false }),
      response: { 200: SeatList, ...problems(400, 404) },
    },
  }, async (request) => {
    const { scheduleId } = request.params
    const [cached, taken] = await Promise.all([cache.seats(scheduleId), board.taken(scheduleId)])
    if (!cached) throw notFound('Schedule')
    const seats = overlayHolds(cached, taken)
    const { status } = request.query
    return { scheduleId, items: status ? seats.filter((seat) => seat.status === status) : seats }
  })
}
