import type { Redis } from 'ioredis'
import type { ServiceMetrics } from '@concert/platform'

/**
 * Reads order-service's hold board (services/order/db/hold-board.ts): sorted set
 * `order:board:{scheduleId}`, member seatId, score the hold's expiresAt in epoch ms. A seat whose score
 * is in the future was held in order-service's MySQL when it was written, before concert has heard of
 * the hold. The Redis ACL lets concert read `order:board:*` and nothing else of order's.
 *
 * A hint only: if Redis is away (or the key is missing) the answer is "no holds", and the seat map
 * shows holds once concert applies SeatReservedEvent, as it did before the board existed.
 */
export class HoldBoardReader {
  constructor(private readonly options: { redis: Redis; metrics: ServiceMetrics }) {}

  /** Seats order-service holds now that its board still lists. */
  async taken(scheduleId: string, now = Date.now()): Promise<Set<number>> {
    try {
      const members = await this.options.redis.zrangebyscore(scheduleId, `(${now}`, '+inf')
      return new Set(members.map(Number))
    } catch {
      this.options.metrics.cache('hold_board', 'error')
      return new Set()
    }
  }
}
