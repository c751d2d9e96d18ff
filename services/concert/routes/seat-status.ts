import { Type } from 'typebox'
import { notFound, problems, Uuid, type ServiceApp } from '@concert/platform'
import type { Body, CompactSeatMap } from '../db/compact-map.ts'
import { matchesTag, pickEncoding } from '../domain/seat-status.ts'
import type { FastifyReply, FastifyRequest } from 'fastify'

const Params = Type.Object({ scheduleId: Uuid })

const SeatStatusBody = Type.Object({
  scheduleId: Uuid,
  version: Type.String({ description: 'Changes whenever a seat’s status does; the ETag is this value in quotes' }),
  available: Type.Integer(),
  held: Type.Integer(),
  sold: Type.Integer(),
  seats: Type.String({ description: 'One character per seat in layout order (see /layout): A available, H held, S sold' }),
})

const LayoutBody = Type.Object({
  scheduleId: Uuid,
  version: Type.String(),
  totalSeats: Type.Integer(),
  sections: Type.Array(Type.Object({
    name: Type.String(),
    grade: Type.String(),
    price: Type.Integer({ description: 'KRW' }),
    rows: Type.Array(Type.Object({ row: Type.Integer(), seats: Type.Integer({ description: 'numbered 1..seats' }) })),
  }, { description: 'in layout order: section by section, row by row, seat number 1..seats' })),
  seatIds: Type.Array(Type.Tuple([Type.Integer(), Type.Integer()]), { description: 'seat ids in layout order as runs [firstSeatId, count]' }),
})

/**
 * Sends a prebuilt body: 304 when If-None-Match names its ETag, else the bytes in the best encoding
 * the client accepts. Buffers skip Fastify's serializer, so the schemas here only document the shape.
 */
function send(request: FastifyRequest, reply: FastifyReply, body: Body, cacheControl: string) {
  void reply.header('etag', body.etag).header('cache-control', cacheControl).header('vary', 'Accept-Encoding')
  if (matchesTag(request.headers['if-none-match'], body.etag)) return reply.code(304).send()
  const encoding = pickEncoding(request.headers['accept-encoding'])
  if (encoding !== 'identity') void reply.header('content-encoding', encoding)
  return reply.type('application/json; charset=utf-8').send(body.bytes(encoding))
}

export function seatStatusRoutes(app: ServiceApp, map: CompactSeatMap): void {
  app.get('/seats/:scheduleId/status', {
    schema: {
      tags: ['seats'],
      operationId: 'getSeatStatus',
      summary: 'Live status of every seat, one character each in layout order (compact, ETag/304, gzip/br)',
      description: 'Send If-None-Match with the last ETag: 304 while nothing changed. A hold shows the moment order-service '
        + 'commits it. The answer may be a fraction of a second old (200 ms by default). Cache-Control: no-cache (revalidate every time).',
      params: Params,
      response: { 200: SeatStatusBody, ...problems(400, 404) },
    },
  }, async (request, reply) => {
    const body = await map.status(request.params.scheduleId)
    if (!body) throw notFound('Schedule')
    return send(request, reply, body, 'no-cache')
  })

  app.get('/seats/:scheduleId/layout', {
    schema: {
      tags: ['seats'],
      operationId: 'getSeatLayout',
      summary: 'The static seat layout (sections, rows, prices, seat ids): positions match /status',
      description: 'Never changes for a schedule: Cache-Control public, max-age=86400, with an ETag.',
      params: Params,
      response: { 200: LayoutBody, ...problems(400, 404) },
    },
  }, async (request, reply) => {
    const body = await map.layout(request.params.scheduleId)
    if (!body) throw notFound('Schedule')
    return send(request, reply, body, 'public, max-age=86400')
  })
}
