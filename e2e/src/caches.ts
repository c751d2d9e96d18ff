/**
 * The services' Redis caches, read as admin (REDIS_ADMIN_URL), compared with MySQL. Key names come
 * from the services' code (each service writes under its own `<service>:` prefix):
 * - payment (db/balances.ts): hash `payment:balance:{userId}` {version, balance, updatedAt}
 * - concert: see CONCERT_KEYS below
 * A missing key is fine (a cache may be cold); a present key that disagrees with MySQL is not.
 */
import type { Stack } from './stack.ts'

export const paymentCache = {
  key: (userId: string) => `payment:balance:${userId}`,
  async check(stack: Stack, users: string[], balances: Array<{ user_id: string; balance: number; version?: number }>): Promise<string[]> {
    const violations: string[] = []
    const versions: Array<{ user_id: string; balance: number; version: number }> = users.length
      ? await stack.db.payment.selectFrom('point').select(['user_id', 'balance', 'version']).where('user_id', 'in', users).execute()
      : []
    for (const userId of users) {
      const cached = await stack.redis.hgetall(this.key(userId))
      if (cached['balance'] === undefined) continue
      const row = versions.find((b) => b.user_id === userId) ?? balances.find((b) => b.user_id === userId)
      const balance = row ? Number(row.balance) : 0
      if (Number(cached['balance']) !== balance) violations.push(`Redis ${this.key(userId)} says balance ${cached['balance']}, MySQL point.balance is ${balance}`)
      if (row && 'version' in row && row.version !== undefined && Number(cached['version']) !== Number(row.version)) {
        violations.push(`Redis ${this.key(userId)} has version ${cached['version']}, MySQL point.version is ${row.version}`)
      }
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
  async check(stack: Stack, schedules: string[], _seats: SeatRow[], counts: CountRow[]): Promise<string[]> {
    const violations: string[] = []
    for (const scheduleId of schedules) {
      const hash = await stack.redis.hgetall(this.key(scheduleId))
      if (Object.keys(hash).length === 0) continue
      const rows: Array<{ id: number; status: string; version: number }> = await stack.db.concert.selectFrom('seat')
        .select(['id', 'status', 'version']).where('schedule_id', '=', scheduleId).execute()
      const available = rows.filter((r) => r.status === 'AVAILABLE').length
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
        if (field !== 'available' && !rows.some((r) => String(r.id) === field)) violations.push(`Redis ${this.key(scheduleId)} has seat ${field} that MySQL does not`)
      }
      if ('available' in hash && Number(hash['available']) !== available) {
        violations.push(`Redis ${this.key(scheduleId)} available = ${hash['available']}, MySQL has ${available} AVAILABLE seats (seat_availability ${counts.find((c) => c.schedule_id === scheduleId)?.available_seats})`)
      }
    }
    return violations
  },
}
