import type { Redis, Result } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { CacheRepair, type ServiceMetrics } from '@concert/platform'
import type { SeatStatus } from '../domain/seat.ts'
import type { ConcertDatabase } from './schema.ts'
import { seatRows, seatRowsChangedSince, type SeatRow } from './seats.ts'

export interface SeatView {
  seatId: number
  section: string
  row: number
  number: number
  grade: string
  price: number
  status: SeatStatus
}

/**
 * The seat map of each schedule in one Redis hash, `concert:seats:{scheduleId}`:
 *   field `<seatId>` → `<version>:<status>:<JSON [section, row, number, grade, price]>`
 *   field `available` → the number of AVAILABLE seats, present only once the hash holds every seat.
 * Static seat data rides along with the status so a read is one HGETALL and never touches MySQL.
 *
 * MySQL is the truth. After every commit that changes seats, `refresh` re-reads those rows and merges
 * them with a script that keeps, per seat, the highest `version` seen, adjusting `available` by each
 * status change. Versions only grow, so refreshes that race or arrive out of order still converge to
 * the committed state, and `available` always equals the AVAILABLE seats in the hash. A cold map is
 * filled from MySQL by the same merge (it never overwrites a newer seat a refresh already wrote).
 * If Redis is unreachable, reads are served from MySQL. A write that fails marks the maps stale, and
 * `repair` rewrites every seat changed since then once Redis is back (see CacheRepair): the same
 * merge makes that rewrite safe against racing refreshes.
 */
const MERGE = `
local key = KEYS[1]
local loaded = redis.call('HEXISTS', key, 'available') == 1
local delta = 0
local function isFree(status) if status == 'AVAILABLE' then return 1 else return 0 end end
for i = 3, #ARGV, 2 do
  local value = ARGV[i + 1]
  local version, status = string.match(value, '^(%d+):(%u+):')
  local old = redis.call('HGET', key, ARGV[i])
  local oldVersion, oldStatus = -1, nil
  if old then
    local v, s = string.match(old, '^(%d+):(%u+):')
    oldVersion, oldStatus = tonumber(v), s
  end
  if tonumber(version) > oldVersion then
    redis.call('HSET', key, ARGV[i], value)
    delta = delta + isFree(status) - isFree(oldStatus)
  end
end
if loaded then
  if delta ~= 0 then redis.call('HINCRBY', key, 'available', delta) end
elseif ARGV[2] == 'fill' then
  local count = 0
  local all = redis.call('HGETALL', key)
  for i = 1, #all, 2 do
    if all[i] ~= 'available' and string.match(all[i + 1], '^%d+:AVAILABLE:') then count = count + 1 end
  end
  redis.call('HSET', key, 'available', count)
end
redis.call('EXPIRE', key, ARGV[1])
return 1
`

declare module 'ioredis' {
  interface RedisCommander<Context> {
    mergeSeats(key: string, ttlSeconds: number, mode: 'fill' | 'update', fieldValues: string[]): Result<number, Context>
  }
}

export interface SeatCacheOptions {
  db: Kysely<ConcertDatabase>
  redis: Redis
  ttlSeconds: number
  logger: Logger
  metrics: ServiceMetrics
}

const AVAILABLE_FIELD = 'available'
const key = (scheduleId: string) => `seats:${scheduleId}`
/** Seats per merge script call when repairing: keeps each script short on a busy Redis. */
const REPAIR_CHUNK = 1000

const encode = (row: SeatRow) => `${row.version}:${row.status}:${JSON.stringify([row.section, row.row_no, row.number, row.grade, row.price])}`

function decode(seatId: string, value: string): SeatView {
  const first = value.indexOf(':')
  const second = value.indexOf(':', first + 1)
  const [section, row, number, grade, price] = JSON.parse(value.slice(second + 1)) as [string, number, number, string, number]
  return { seatId: Number(seatId), section, row, number, grade, price, status: value.slice(first + 1, second) as SeatStatus }
}

const view = (row: SeatRow): SeatView => ({
  seatId: row.id, section: row.section, row: row.row_no, number: row.number, grade: row.grade, price: row.price, status: row.status,
})

export class SeatCache {
  /** One MySQL load per cold schedule at a time, however many fans ask at once. */
  private readonly loading = new Map<string, Promise<SeatView[]>>()
  /** Brings the maps back to MySQL after failed writes or a Redis restart; started as a service job. */
  readonly repair: CacheRepair

  constructor(private readonly options: SeatCacheOptions) {
    options.redis.defineCommand('mergeSeats', { numberOfKeys: 1, lua: MERGE })
    this.repair = new CacheRepair({
      redis: options.redis,
      what: 'seat maps',
      keys: key('*'),
      logger: options.logger,
      rewriteChangedSince: (since) => this.rewriteChangedSince(since),
    })
  }

  /** Every seat of a schedule in id order, or undefined when the schedule does not exist. */
  async seats(scheduleId: string): Promise<SeatView[] | undefined> {
    const cached = await this.read(scheduleId)
    if (cached.kind === 'hit') return cached.seats
    const seats = await this.load(scheduleId, cached.kind === 'miss')
    // Every schedule has at least one seat (a venue has at least one section of at least one seat).
    return seats.length > 0 ? seats : undefined
  }

  /**
   * Re-reads the given seats (or all) from MySQL and merges them; call after the change committed.
   * Never throws: if MySQL or Redis fails, the maps are marked for repair instead.
   */
  async refresh(scheduleId: string, seatIds?: readonly number[]): Promise<void> {
    let rows: SeatRow[]
    try {
      rows = await seatRows(this.options.db, scheduleId, seatIds)
    } catch (error) {
      this.repair.markStale()
      this.options.logger.warn({ err: (error as Error).message, scheduleId }, 'seats not re-read after a change; repaired later')
      return
    }
    await this.merge(scheduleId, rows, seatIds ? 'update' : 'fill')
  }

  /**
   * Every seat's id and status in id order (layout order), without decoding the static data: the read
   * of the compact status route. Undefined when the schedule does not exist.
   */
  async statuses(scheduleId: string): Promise<Array<{ seatId: number; status: SeatStatus }> | undefined> {
    try {
      const hash = await this.options.redis.hgetall(key(scheduleId))
      if (AVAILABLE_FIELD in hash) {
        this.options.metrics.cache('seats', 'hit')
        const out: Array<{ seatId: number; status: SeatStatus }> = []
        for (const field in hash) {
          if (field === AVAILABLE_FIELD) continue
          const value = hash[field]!
          const first = value.indexOf(':')
          out.push({ seatId: Number(field), status: value.slice(first + 1, value.indexOf(':', first + 1)) as SeatStatus })
        }
        return out.sort((a, b) => a.seatId - b.seatId)
      }
    } catch {
      this.options.metrics.cache('seats', 'error')
    }
    return this.seats(scheduleId)
  }

  /** Cached AVAILABLE counts of complete seat maps; schedules not cached (or Redis away) are absent. */
  async availability(scheduleIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>()
    if (scheduleIds.length === 0) return counts
    try {
      const pipeline = this.options.redis.pipeline()
      for (const id of scheduleIds) pipeline.hget(key(id), AVAILABLE_FIELD)
      const results = (await pipeline.exec()) ?? []
      results.forEach(([error, value], i) => {
        if (!error && typeof value === 'string') counts.set(scheduleIds[i]!, Number(value))
      })
    } catch {
      this.options.metrics.cache('seat_availability', 'error')
    }
    return counts
  }

  private async read(scheduleId: string): Promise<{ kind: 'hit'; seats: SeatView[] } | { kind: 'miss' | 'error' }> {
    try {
      const hash = await this.options.redis.hgetall(key(scheduleId))
      if (!(AVAILABLE_FIELD in hash)) {
        this.options.metrics.cache('seats', 'miss')
        return { kind: 'miss' }
      }
      const seats = Object.entries(hash).filter(([field]) => field !== AVAILABLE_FIELD).map(([field, value]) => decode(field, value))
      this.options.metrics.cache('seats', 'hit')
      return { kind: 'hit', seats: seats.sort((a, b) => a.seatId - b.seatId) }
    } catch (error) {
      // createRedis logs the outage once; readiness reports it as degraded.
      this.options.logger.debug({ err: (error as Error).message, scheduleId }, 'seat cache read failed; serving from MySQL')
      this.options.metrics.cache('seats', 'error')
      return { kind: 'error' }
    }
  }

  private load(scheduleId: string, fill: boolean): Promise<SeatView[]> {
    const pending = this.loading.get(scheduleId)
    if (pending) return pending
    const loading = (async () => {
      const rows = await seatRows(this.options.db, scheduleId)
      if (fill && rows.length > 0) await this.merge(scheduleId, rows, 'fill')
      return rows.map(view)
    })().finally(() => this.loading.delete(scheduleId))
    this.loading.set(scheduleId, loading)
    return loading
  }

  /**
   * Every seat changed since `since`, merged as updates: seats of maps that are not complete (or not
   * cached) are written too, so a fill that read MySQL before the change and lands later cannot win.
   */
  private async rewriteChangedSince(since: Date): Promise<void> {
    const rows = await seatRowsChangedSince(this.options.db, since)
    for (let start = 0; start < rows.length;) {
      const scheduleId = rows[start]!.schedule_id
      let end = start
      while (end < rows.length && end - start < REPAIR_CHUNK && rows[end]!.schedule_id === scheduleId) end++
      await this.write(scheduleId, rows.slice(start, end), 'update')
      start = end
    }
  }

  /** A cache write never fails the caller: MySQL has the truth, and a failed write marks the maps for repair. */
  private async merge(scheduleId: string, rows: readonly SeatRow[], mode: 'fill' | 'update'): Promise<void> {
    if (rows.length === 0) return
    try {
      await this.write(scheduleId, rows, mode)
    } catch (error) {
      this.repair.markStale()
      this.options.logger.warn({ err: (error as Error).message, scheduleId }, 'seat cache not updated; repaired once Redis answers')
    }
  }

  private async write(scheduleId: string, rows: readonly SeatRow[], mode: 'fill' | 'update'): Promise<void> {
    await this.options.redis.mergeSeats(key(scheduleId), this.options.ttlSeconds, mode, rows.flatMap((row) => [String(row.id), encode(row)]))
  }
}
