/** Ratings of one performance, kept as count and sum so the summary can be cached and recomputed exactly. */
export interface RatingTotals {
  count: number
  sum: number
}

export interface RatingSummary {
  count: number
  /** null until the first review: 0 would read as a real (terrible) rating */
  averageRating: number | null
}

export function summarize({ count, sum }: RatingTotals): RatingSummary {
  if (count === 0) return { count, averageRating: null }
  // One division of integers, then rounding: avoids the 4.445 → 4.44 drift of rounding a rounded average.
  return { count, averageRating: Math.round((sum * 100) / count) / 100 }
}
