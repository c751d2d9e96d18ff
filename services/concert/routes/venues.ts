import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import { badRequest, problems, Text, Uuid, type ServiceApp } from '@concert/platform'
import { insertVenue } from '../db/catalog.ts'
import type { ConcertDatabase } from '../db/schema.ts'
import { MAX_SEATS_PER_VENUE, layoutProblem, totalSeats } from '../domain/venue.ts'

/** No leading or trailing blanks: names and grades are shown and compared exactly as given. */
const Label = (maxLength: number) => Text({ maxLength, trimmed: true })

const Section = Type.Object({
  name: Label(50),
  rows: Type.Integer({ minimum: 1, maximum: 100 }),
  seatsPerRow: Type.Integer({ minimum: 1, maximum: 100 }),
  grade: Label(20),
  price: Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'KRW' }),
}, { additionalProperties: false })

const NewVenue = Type.Object({
  name: Text({ maxLength: 200 }),
  address: Text({ maxLength: 500 }),
  sections: Type.Array(Section, { minItems: 1, maxItems: 50, description: `Unique names; at most ${MAX_SEATS_PER_VENUE} seats in all` }),
}, { additionalProperties: false })

const VenueCreated = Type.Object({
  venueId: Uuid,
  name: Type.String(),
  address: Type.String(),
  sections: Type.Array(Section),
  totalSeats: Type.Integer(),
})

export function venueRoutes(app: ServiceApp, db: Kysely<ConcertDatabase>): void {
  app.post('/venues', {
    onRequest: [app.requireAdmin],
    schema: {
      tags: ['catalog'],
      operationId: 'createVenue',
      summary: 'Create a venue and its seating layout (admin)',
      security: [{ bearer: [] }],
      body: NewVenue,
      response: { 201: VenueCreated, ...problems(400, 401, 403, 413, 415) },
    },
  }, async (request, reply) => {
    const problem = layoutProblem(request.body.sections)
    if (problem) throw badRequest('VALIDATION_FAILED', `body.sections: ${problem}`)
    const venue = await insertVenue(db, request.body)
    return reply.code(201).send({ venueId: venue.id, name: venue.name, address: venue.address, sections: venue.sections, totalSeats: totalSeats(venue.sections) })
  })
}
