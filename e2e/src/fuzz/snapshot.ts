/**
 * Everything the fuzz run could have changed, read from the services' databases: every row of every
 * table that belongs to the run's users, schedules, performances or venues (balances, point
 * transactions, reservations, orders, holds, payments, notifications, reviews, waiting-room tokens,
 * sessions, idempotency keys, seats and availability — whatever tables exist, found by their
 * columns), and the catalog, users and venues carrying the run's marker. Before == after, or the
 * diff says which table and rows moved.
 */
import { sql } from 'kysely'
import { SERVICE_DBS, type Stack } from '../stack.ts'

export interface SnapshotScope {
  users: string[]
  schedules: string[]
  performances: string[]
  venues: string[]
  /** text every string the fuzzer sends contains */
  marker: string
}

/** Bookkeeping, not domain state: the outbox is checked by the invariants, the rest moves on its own. */
const SKIP = new Set(['outbox', 'processed_event', 'kysely_migration', 'kysely_migration_lock', 'signing_key'])
const SCOPE_COLUMNS: Record<string, keyof Omit<SnapshotScope, 'marker'>> = {
  user_id: 'users', schedule_id: 'schedules', performance_id: 'performances', venue_id: 'venues',
}
/** Tables whose rows the fuzzer might create with its own text in them. */
const MARKED: Record<string, string[]> = { user: ['email', 'name'], venue: ['name', 'address'], performance: ['title', 'description'] }

export type Snapshot = Record<string, string[]>

function normalise(row: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [
    k, v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? v.toString('hex') : v,
  ])))
}

export async function snapshot(stack: Stack, scope: SnapshotScope): Promise<Snapshot> {
  const out: Snapshot = {}
  for (const service of SERVICE_DBS) {
    const db = stack.db[service]
    const columns = await sql<{ table_name: string; column_name: string }>`
      select table_name as table_name, column_name as column_name from information_schema.columns
      where table_schema = database()`.execute(db)
    const byTable = new Map<string, Set<string>>()
    for (const c of columns.rows) {
      const set = byTable.get(c.table_name) ?? new Set<string>()
      set.add(c.column_name)
      byTable.set(c.table_name, set)
    }
    for (const [table, cols] of byTable) {
      if (SKIP.has(table)) continue
      const ors: ReturnType<typeof sql>[] = []
      for (const [column, key] of Object.entries(SCOPE_COLUMNS)) {
        const ids = scope[key]
        if (cols.has(column) && ids.length) ors.push(sql`${sql.ref(column)} in (${sql.join(ids)})`)
      }
      // The catalog's own rows (a venue, performance or schedule id is their `id`).
      if (table === 'venue' && scope.venues.length) ors.push(sql`id in (${sql.join(scope.venues)})`)
      if (table === 'performance' && scope.performances.length) ors.push(sql`id in (${sql.join(scope.performances)})`)
      if (table === 'schedule' && scope.schedules.length && cols.has('id')) ors.push(sql`id in (${sql.join(scope.schedules)})`)
      if (table === 'user' && scope.users.length) ors.push(sql`id in (${sql.join(scope.users)})`)
      for (const column of MARKED[table] ?? []) if (cols.has(column)) ors.push(sql`${sql.ref(column)} like ${`%${scope.marker}%`}`)
      if (!ors.length) continue
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where ${sql.join(ors, sql` or `)}`.execute(db)
      out[`${service}.${table}`] = rows.rows.map(normalise).sort()
    }
  }
  return out
}

/** Human-readable differences: rows that appeared or disappeared, per table. */
export function diffSnapshots(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = []
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = new Set(before[table] ?? [])
    const a = new Set(after[table] ?? [])
    const gone = [...b].filter((r) => !a.has(r))
    const added = [...a].filter((r) => !b.has(r))
    if (gone.length || added.length) {
      out.push(`${table}: ${gone.length} row(s) changed or removed, ${added.length} row(s) changed or added\n` +
        gone.slice(0, 3).map((r) => `    before: ${r.slice(0, 400)}`).concat(added.slice(0, 3).map((r) => `    after:  ${r.slice(0, 400)}`)).join('\n'))
    }
  }
  return out
}
