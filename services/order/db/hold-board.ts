import type { Redis, Result } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { CacheRepair } from '@concert/platform'
import type { OrderDatabase } from './schema.ts'

/**
 * The hold board: which seats of a schedule order-service has taken, published to Redis right after
 * the hold's transaction commits, so concert-service's seat map shows a hold at once instead of after
 * the saga round trip (SeatReservedEvent → Debezium → Kafka → concert).
 *
 * One sorted set per schedule, `order:board:{scheduleId}`: member `<seatId>`, score the hold's
 * `expiresAt` in epoch ms. Readers count a seat as taken while its score is in the future, so an entry
 * whose removal was lost stops counting at the hold's expiry by itself; writes prune expired entries
 * and the key expires with its last hold. The score doubles as the hold's identity: a release removes
 * a seat only if its score is still that hold's expiry, so a late release never erases the next
 * fan's hold of the same seat.
 *
 * It is a hint: MySQL (seat_reservation) decides every hold. A board write never fails the request
 * (Redis down → the map shows the hold after the saga round trip, as before), and a failed write marks
 * the board for repair: once Redis answers, the live holds are written again from MySQL (CacheRepair).
 * Sales need no entry: a seat is HELD in concert before it can be paid, and concert's map shows that.
 */
const HOLD = `
local now = tonumber(ARGV[1])
local expires = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for i = 3, #ARGV do redis.call('ZADD', KEYS[1], expires, ARGV[i]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < expires - now then redis.call('PEXPIRE', KEYS[1], expires - now + 1000) end
return 1
`
const RELEASE = `
local removed = 0
for i = 2, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) == ARGV[1] then removed = removed + redis.call('ZREM', KEYS[1], ARGV[i]) end
end
return removed
`

declare module 'ioredis' {
  interface RedisCommander<Context> {
    boardHold(key: string, nowMs: number, expiresAtMs: number, seatIds: string[]): Result<number, Context>
    boardRelease(key: string, expiresAtMs: number, seatIds: string[]): Result<number, Context>
  }
}

/** The key without the client's `order:` prefix; concert-service reads `order:board:{scheduleId}`. */
export const boardKey = (scheduleId: string) => `board:${scheduleId}`

export interface Hold {
  scheduleId: string
  seatIds: readonly number[]
  expiresAt: Date
}

export class HoldBoard {
  readonly repair: CacheRepair

  constructor(private readonly options: { db: Kysely<OrderDatabase>; redis: Redis; logger: Logger }) {
    options.redis.defineCommand('boardHold', { numberOfKeys: 1, lua: HOLD })
    options.redis.defineCommand('boardRelease', { numberOfKeys: 1, lua: RELEASE })
    this.repair = new CacheRepair({
      redis: options.redis,
      what: 'hold board',
      keys: boardKey('*'),
      logger: options.logger,
      rewriteChangedSince: () => this.rewriteLiveHolds(),
    })
  }

  /** After the hold committed. Never throws. */
  async held(hold: Hold): Promise<void> {
    await this.guard(hold.scheduleId, () => this.writeHold(hold, Date.now()))
  }

  /** After a cancellation committed: the seats of that hold (same expiresAt) leave the board. Never throws. */
  async released(hold: Hold): Promise<void> {
    if (hold.seatIds.length === 0) return
    await this.guard(hold.scheduleId, () =>
      this.options.redis.boardRelease(boardKey(hold.scheduleId), hold.expiresAt.getTime(), hold.seatIds.map(String)))
  }

  /**
   * After a saga step that may have ended a hold (concert refused the seats, a payment compensated):
   * looks the reservation up and, if it ended, takes its seats off the board. Never throws.
   */
  async releasedIfEnded(by: { reservationId: string } | { orderId: string }): Promise<void> {
    try {
      const rows = await this.options.db.selectFrom('reservation as r')
        .innerJoin('reservation_item as i', 'i.reservation_id', 'r.id')
        .select(['r.schedule_id', 'r.expires_at', 'r.status', 'i.seat_id'])
        .where((eb) => ('reservationId' in by ? eb('r.id', '=', by.reservationId) : eb('r.order_id', '=', by.orderId)))
        .execute()
      const first = rows[0]
      if (!first || (first.status !== 'CANCELLED' && first.status !== 'EXPIRED')) return
      await this.released({ scheduleId: first.schedule_id, expiresAt: first.expires_at, seatIds: rows.map((row) => row.seat_id) })
    } catch (error) {
      // Only a hint: the entry stops counting at the hold's expiry anyway.
      this.options.logger.warn({ err: (error as Error).message, ...by }, 'ended hold not looked up for the board')
    }
  }

  private async writeHold(hold: Hold, now: number): Promise<void> {
    await this.options.redis.boardHold(boardKey(hold.scheduleId), now, hold.expiresAt.getTime(), hold.seatIds.map(String))
  }

  private async guard(scheduleId: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write()
    } catch (error) {
      this.repair.markStale()
      this.options.logger.warn({ err: (error as Error).message, scheduleId }, 'hold board not updated; repaired once Redis answers')
    }
  }

  /**
   * Every live hold written again from MySQL (added, never removed: a hold that ends meanwhile leaves
   * an entry that stops counting at its expiry). Live holds are few (bounded by fans × seats per fan),
   * so all of them are rewritten whatever the stale moment.
   */
  private async rewriteLiveHolds(): Promise<void> {
    const now = new Date()
    const rows = await this.options.db.selectFrom('seat_reservation')
      .select(['schedule_id', 'seat_id', 'expires_at'])
      .where('status', '=', 'HELD').where('expires_at', '>', now)
      .orderBy('schedule_id').orderBy('expires_at')
      .execute()
    const groups = new Map<string, Hold & { seatIds: number[] }>()
    for (const row of rows) {
      const id = `${row.schedule_id}/${row.expires_at.getTime()}`
      const group = groups.get(id) ?? { scheduleId: row.schedule_id, expiresAt: row.expires_at, seatIds: [] }
      group.seatIds.push(row.seat_id)
      groups.set(id, group)
    }
    for (const hold of groups.values()) await this.writeHold(hold, now.getTime())
  }
}
