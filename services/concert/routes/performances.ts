import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import { IsoDateTime, Page, PageQuery, problems, Text, unprocessable, Uuid, type ServiceApp } from '@concert/platform'
import { findVenue, insertPerformance, listPerformances } from '../db/catalog.ts'
import type { ConcertDatabase } from '../db/schema.ts'

const NewPerformance = Type.Object({
  title: Text({ maxLength: 200 }),
  // '' means no description; paragraphs keep their line breaks.
  description: Text({ maxLength: 5000, multiline: true, allowEmpty: true }),
  venueId: Uuid,
}, { additionalProperties: false })

const PerformanceView = Type.Object({
  performanceId: Uuid,
  title: Type.String(),
  description: Type.String(),
  venue: Type.Object({ venueId: Uuid, name: Type.String(), address: Type.String() }),
  createdAt: IsoDateTime,
})

export function performanceRoutes(app: ServiceApp, db: Kysely<ConcertDatabase>): void {
  app.get('/performances', {
    schema: {
      tags: ['catalog'],
      operationId: 'listPerformances',
      summary: 'Performances with their venue, newest first',
      querystring: PageQuery,
      response: { 200: Page(PerformanceView), ...problems(400) },
    },
  }, async (request) => {
    const { page, size } = request.query
    return { ...(await listPerformances(db, page, size)), page, size }
  })

  app.post('/performances', {
    onRequest: [app.requireAdmin],
    schema: {
      tags: ['catalog'],
      operationId: 'createPerformance',
      summary: 'Create a performance at a venue (admin)',
      security: [{ bearer: [] }],
      body: NewPerformance,
      response: { 201: PerformanceView, ...problems(400, 401, 403, 415, { 422: ['VENUE_NOT_FOUND'] }) },
    },
  }, async (request, reply) => {
    const { title, description, venueId } = request.body
    // The venue is named in the body, not the URL: a missing one makes the request unprocessable.
    const venue = await findVenue(db, venueId)
    if (!venue) throw unprocessable('VENUE_NOT_FOUND', `Venue ${venueId} does not exist`)
    return reply.code(201).send(await insertPerformance(db, { title, description }, venue))
  })
}
