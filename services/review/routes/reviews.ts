import { randomUUID } from 'node:crypto'
import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import {
  ProblemError, conflict, isDuplicateKey, problems, IsoDateTime, Page, PageQuery, Text, Uuid, type ServiceApp,
} from '@concert/platform'
import { reviewEligibility, type Eligibility } from '../domain/eligibility.ts'
import { summarize } from '../domain/rating.ts'
import { attendedScheduleEnds, reviewPage } from '../db/reviews.ts'
import type { ReviewDatabase, ReviewTable } from '../db/schema.ts'
import type { RatingSummaryCache } from '../db/summary-cache.ts'

const Rating = Type.Integer({ minimum: 1, maximum: 5 })
// At least one visible character (a review of blanks says nothing); line breaks and tabs are kept.
const Content = Text({ maxLength: 2000, multiline: true })

const NewReview = Type.Object({ performanceId: Uuid, rating: Rating, content: Content }, { additionalProperties: false })
const ReviewItem = Type.Object({ reviewId: Uuid, userId: Uuid, rating: Rating, content: Type.String(), createdAt: IsoDateTime })
const CreatedReview = Type.Object({ ...ReviewItem.properties, performanceId: Uuid })
const ReviewList = Type.Object({
  performanceId: Uuid,
  averageRating: Type.Union([Type.Number(), Type.Null()], { description: 'Mean rating rounded to 2 decimals; null while there are no reviews' }),
  count: Type.Integer(),
  ...Page(ReviewItem).properties,
})

const view = (row: ReviewTable) => ({
  reviewId: row.id, userId: row.user_id, rating: row.rating, content: row.content, createdAt: row.created_at.toISOString(),
})

function notAttended(verdict: Exclude<Eligibility, { eligible: true }>): ProblemError {
  const detail = verdict.reason === 'SHOW_NOT_ENDED'
    ? `You can review this performance once your show has ended (${verdict.endsAt.toISOString()})`
    : 'Only fans with a paid reservation for this performance can review it'
  return new ProblemError(403, 'NOT_ATTENDED', detail)
}

export function reviewRoutes(app: ServiceApp, db: Kysely<ReviewDatabase>, summaries: RatingSummaryCache): void {
  app.post('/reviews', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['reviews'],
      operationId: 'createReview',
      summary: 'Review a performance you attended, once your show has ended (one review per performance)',
      security: [{ bearer: [] }],
      body: NewReview,
      response: { 201: CreatedReview, ...problems(400, 401, { 403: ['NOT_ATTENDED'], 409: ['ALREADY_REVIEWED'] }) },
    },
  }, async (request, reply) => {
    const { performanceId, rating, content } = request.body
    const { userId } = request.user
    const verdict = reviewEligibility((await attendedScheduleEnds(db, userId, performanceId)).map((scheduleEndsAt) => ({ scheduleEndsAt })), new Date())
    if (!verdict.eligible) throw notAttended(verdict)

    const row: ReviewTable = { id: randomUUID(), user_id: userId, performance_id: performanceId, rating, content, created_at: new Date() }
    try {
      await db.insertInto('review').values(row).execute()
    } catch (error) {
      if (isDuplicateKey(error)) throw conflict('ALREADY_REVIEWED', 'You have already reviewed this performance')
      throw error
    }
    await summaries.refresh(performanceId).catch((error: Error) => request.log.warn({ err: error.message }, 'rating summary refresh failed'))
    return reply.code(201).send({ ...view(row), performanceId })
  })

  app.get('/reviews/:performanceId', {
    schema: {
      tags: ['reviews'],
      operationId: 'listReviews',
      summary: 'Reviews of a performance, newest first, with the average rating',
      params: Type.Object({ performanceId: Uuid }),
      querystring: PageQuery,
      response: { 200: ReviewList, ...problems(400) },
    },
  }, async (request) => {
    const { performanceId } = request.params
    const { page, size } = request.query
    const [totals, rows] = await Promise.all([summaries.totals(performanceId), reviewPage(db, performanceId, page, size)])
    const { count, averageRating } = summarize(totals)
    return { performanceId, averageRating, count, items: rows.map(view), page, size, total: count }
  })
}
