import type { Kysely } from 'kysely'
import type { RatingTotals } from '../domain/rating.ts'
import type { ReviewDatabase, ReviewTable } from './schema.ts'

export async function ratingTotals(db: Kysely<ReviewDatabase>, performanceId: string): Promise<RatingTotals> {
  const row = await db.selectFrom('review')
    .select(({ fn }) => [fn.countAll<number>().as('count'), fn.sum<number | null>('rating').as('sum')])
    .where('performance_id', '=', performanceId)
    .executeTakeFirstOrThrow()
  return { count: Number(row.count), sum: Number(row.sum ?? 0) }
}

/** Newest first; the id breaks ties between reviews written in the same microsecond. */
export function reviewPage(db: Kysely<ReviewDatabase>, performanceId: string, page: number, size: number): Promise<ReviewTable[]> {
  return db.selectFrom('review').selectAll()
    .where('performance_id', '=', performanceId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc')
    .limit(size).offset((page - 1) * size)
    .execute()
}

export async function attendedScheduleEnds(db: Kysely<ReviewDatabase>, userId: string, performanceId: string): Promise<Date[]> {
  const rows = await db.selectFrom('attendance').select('schedule_ends_at')
    .where('user_id', '=', userId).where('performance_id', '=', performanceId)
    .execute()
  return rows.map((row) => row.schedule_ends_at)
}
