import type { PageQuery } from '@concert/platform'

const DEADLOCK = 1213

/**
 * Retries a whole transaction the database chose as a deadlock victim (it was rolled back, so
 * running it again is safe); contention on one user's point row can produce these.
 */
export async function retryDeadlocks<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if ((error as { errno?: number }).errno !== DEADLOCK || attempt >= attempts) throw error
    }
  }
}

/** `{items, page, size, total}` from a counting query and a page query. */
export async function paged<T>(
  query: PageQuery,
  count: () => Promise<number | bigint | string>,
  rows: (limit: number, offset: number) => Promise<T[]>,
) {
  const [total, items] = await Promise.all([count(), rows(query.size, (query.page - 1) * query.size)])
  return { items, page: query.page, size: query.size, total: Number(total) }
}
