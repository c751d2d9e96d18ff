/**
 * The services' Redis caches, read as admin (REDIS_ADMIN_URL), compared with MySQL. Key names come
 * from the services' code (each service writes under its own `<service>:` prefix):
 * - payment (db/balances.ts): hash `payment:balance:{userId}` {version, balance, updatedAt}
 * - concert (db/seat-cache.ts): see concertCache
 * - review (db/summary-cache.ts): `review:summary:{performanceId}` = JSON {count, sum}
 * - order (db/hold-board.ts): sorted set `order:board:{scheduleId}`, member seatId, score expiresAt ms
 * A missing key is fine (a cache may be cold); a present key that disagrees with MySQL is not.
 */
import { sql } from 'kysely'
import type { Source } from './model.ts'

const chunks = <T>(xs: T[], n = 500): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n))

export const paymentCache = {
  key: (userId: string) => `payment:balance:${userId}`,
  async check(src: Source, users: string[], balances: Array<{ user_id: string; balance: number; version?: number }>): Promise<string[]> {
    const violations: string[] = []
    for (const part of chunks(users)) {
      const versions: Array<{ user_id: string; balance: number; version: number }> = await src.db.payment.selectFrom('point')
        .select(['user_id', 'balance', 'version']).where('user_id', 'in', part).execute()
      const byUser = new Map(versions.map((v) => [v.user_id, v]))
      const fallback = new Map(balances.map((b) => [b.user_id, b]))
      const pipe = src.redis.pipeline()
      for (const userId of part) pipe.hgetall(this.key(userId))
      const cachedAll = (await pipe.exec()) ?? []
      part.forEach((userId, i) => {
        const cached = (cachedAll[i]?.[1] ?? {}) as Record<string, string>
        if (cached['balance'] === undefined) return
        const row = byUser.get(userId) ?? fallback.get(userId)
        const balance = row ? Number(row.balance) : 0
        if (Number(cached['balance']) !== balance) violations.push(`Redis ${this.key(userId)} says balance ${cached['balance']}, MySQL point.balance is ${balance}`)
        if (row && 'version' in row && row.version !== undefined && Number(cached['version']) !== Number(row.version)) {
          violations.push(`Redis ${this.key(userId)} has version ${cached['version']}, MySQL point.version is ${row.version}`)
        }
      })
    }
    return violations
  },
}

type SeatRow = { id: number; schedule_id: string; status: string }
type CountRow = { schedule_id: string; available_seats: number }

/**
 * concert (db/seat-cache.ts): hash `concert:seats:{scheduleId}`, field `<seatId>` →
 * `<version>:<status>:<json>`, field `available` → AVAILABLE count, present once the map is complete.
 */
export const concertCache = {
  key: (scheduleId: string) => `concert:seats:${scheduleId}`,
  async check(src: Source, schedules: string[], _seats: SeatRow[], counts: CountRow[]): Promise<string[]> {
    const violations: string[] = []
    for (const scheduleId of schedules) {
      const hash = await src.redis.hgetall(this.key(scheduleId))
      if (Object.keys(hash).length === 0) continue
      const rows: Array<{ id: number; status: string; version: number }> = await src.db.concert.selectFrom('seat')
        .select(['id', 'status', 'version']).where('schedule_id', '=', scheduleId).execute()
      const available = rows.filter((r) => r.status === 'AVAILABLE').length
      const ids = new Set(rows.map((r) => String(r.id)))
      for (const row of rows) {
        const value = hash[String(row.id)]
        if (value === undefined) {
          if ('available' in hash) violations.push(`Redis ${this.key(scheduleId)} is complete but lacks seat ${row.id}`)
          continue
        }
        const [version, status] = value.split(':')
        if (status !== row.status || Number(version) !== Number(row.version)) {
          violations.push(`Redis ${this.key(scheduleId)} seat ${row.id} = ${version}:${status}, MySQL = ${row.version}:${row.status}`)
        }
      }
      for (const field of Object.keys(hash)) {
        if (field !== 'available' && !ids.has(field)) violations.push(`Redis ${this.key(scheduleId)} has seat ${field} that MySQL does not`)
      }
      if ('available' in hash && Number(hash['available']) !== available) {
        violations.push(`Redis ${this.key(scheduleId)} available = ${hash['available']}, MySQL has ${available} AVAILABLE seats (seat_availability ${counts.find((c) => c.schedule_id === scheduleId)?.available_seats})`)
      }
    }
    return violations
  },
}

/** review: the cached {count, sum} of a performance equals its reviews in MySQL. */
export const reviewCache = {
  key: (performanceId: string) => `review:summary:${performanceId}`,
  async check(src: Source, performances?: string[]): Promise<string[]> {
    const violations: string[] = []
    const keys = performances ? performances.map((p) => this.key(p)) : await scan(src, this.key('*'))
    for (const part of chunks(keys)) {
      const values = await src.redis.mget(...part)
      const present = part.map((k, i) => [k.slice(this.key('').length), values[i]] as const).filter(([, v]) => v !== null)
      if (!present.length) continue
      const rows: Array<{ performance_id: string; count: number; sum: number | null }> = await src.db.review.selectFrom('review')
        .select(['performance_id', sql<number>`count(*)`.as('count'), sql<number | null>`sum(rating)`.as('sum')])
        .where('performance_id', 'in', present.map(([p]) => p)).groupBy('performance_id').execute()
      const byPerf = new Map(rows.map((r) => [r.performance_id, { count: Number(r.count), sum: Number(r.sum ?? 0) }]))
      for (const [performanceId, text] of present) {
        let cached: { count?: unknown; sum?: unknown }
        try {
          cached = JSON.parse(text!) as typeof cached
        } catch {
          continue // a corrupt entry is a miss the service overwrites
        }
        const truth = byPerf.get(performanceId) ?? { count: 0, sum: 0 }
        if (Number(cached.count) !== truth.count || Number(cached.sum) !== truth.sum) {
          violations.push(`Redis ${this.key(performanceId)} = count ${cached.count} sum ${cached.sum}, MySQL has ${truth.count} reviews summing ${truth.sum}`)
        }
      }
    }
    return violations
  },
}

/**
 * order: the hold board. A seat on the board with a future score must be held or sold in
 * seat_reservation with that expiry; a live HELD row should be on the board when the board exists.
 */
export const holdBoard = {
  key: (scheduleId: string) => `order:board:${scheduleId}`,
  async check(src: Source, schedules: string[], holds: Array<{ schedule_id: string; seat_id: number; reservation_id: string; status: string; expires_at: Date }>): Promise<string[]> {
    const violations: string[] = []
    const now = Date.now()
    const bySchedule = new Map<string, Map<string, (typeof holds)[number]>>()
    for (const h of holds) {
      const m = bySchedule.get(h.schedule_id) ?? new Map()
      m.set(String(h.seat_id), h)
      bySchedule.set(h.schedule_id, m)
    }
    for (const part of chunks(schedules, 100)) {
      const pipe = src.redis.pipeline()
      for (const s of part) pipe.zrange(this.key(s), 0, -1, 'WITHSCORES')
      const results = (await pipe.exec()) ?? []
      part.forEach((scheduleId, i) => {
        const flat = (results[i]?.[1] ?? []) as string[]
        if (flat.length === 0) return
        const mine = bySchedule.get(scheduleId) ?? new Map()
        const board = new Map<string, number>()
        for (let j = 0; j < flat.length; j += 2) board.set(flat[j]!, Number(flat[j + 1]))
        for (const [seat, score] of board) {
          if (score <= now) continue // expired entries stop counting by themselves
          const h = mine.get(seat)
          if (!h) violations.push(`Redis ${this.key(scheduleId)} shows seat ${seat} held until ${new Date(score).toISOString()}, MySQL has no hold on it`)
          else if (h.status === 'HELD' && h.expires_at.getTime() !== score) {
            violations.push(`Redis ${this.key(scheduleId)} seat ${seat} held until ${new Date(score).toISOString()}, MySQL hold ${h.reservation_id} until ${h.expires_at.toISOString()}`)
          }
        }
        for (const [seat, h] of mine) {
          if (h.status === 'HELD' && h.expires_at.getTime() > now && !board.has(seat)) {
            violations.push(`Redis ${this.key(scheduleId)} lacks seat ${seat} that reservation ${h.reservation_id} holds until ${h.expires_at.toISOString()}`)
          }
        }
      })
    }
    return violations
  },
}

async function scan(src: Source, pattern: string): Promise<string[]> {
  const out: string[] = []
  let cursor = '0'
  do {
    const [next, keys] = await src.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
    cursor = next
    out.push(...keys)
  } while (cursor !== '0')
  return out
}
