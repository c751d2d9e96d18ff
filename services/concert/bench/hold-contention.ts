/**
 * Lock waits of concert-service's seat steps under concurrency: N transactions in flight apply
 * SeatReservedEvent and ReservationExpiredEvent through the real handlers (as a consumer applying
 * partitions in parallel does) on one schedule of a throwaway database. Reports steps/s, the server's
 * InnoDB row-lock waits and wait time over the run (global counters: other load on the server adds to
 * them, so run it on a quiet server or compare runs taken back to back), and which tables the waiting
 * locks were on (INNODB_LOCK_WAITS sampled every 10 ms).
 *
 *   node --import tsx --env-file=../../.data/stack.env bench/hold-contention.ts [--steps 2000] [--inflight 16] [--seats 2000]
 */
import { sql } from 'kysely'
import { createDatabase } from '@concert/platform'
import { parseArgs } from 'node:util'
import type { Test } from 'tap'
import { applyEvent, createShow, reservationExpired, seatReserved, startWorld } from '../test/helpers.ts'

const { values } = parseArgs({ options: { steps: { type: 'string', default: '2000' }, inflight: { type: 'string', default: '16' }, seats: { type: 'string', default: '2000' } } })
const steps = Number(values.steps)
const inflight = Number(values.inflight)
const seats = Number(values.seats)

const teardowns: Array<() => unknown> = []
const world = await startWorld({ teardown: (fn: () => unknown) => teardowns.push(fn) } as unknown as Test)
const show = await createShow(world, { sections: [{ name: 'FLOOR', rows: Math.ceil(seats / 50), seatsPerRow: 50, grade: 'R', price: 100_000 }] })
const env = process.env
const root = createDatabase<Record<string, never>>({ url: `mysql://${env['MYSQL_ROOT_USER']}:${env['MYSQL_ROOT_PASSWORD']}@${env['MYSQL_HOST']}:${env['MYSQL_PORT']}/mysql` })

const status = async () => {
  const { rows } = await sql<{ Variable_name: string; Value: string }>`show global status like 'Innodb_row_lock_%'`.execute(root)
  return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]))
}

// Waits sampled by table: which row every hold queues on.
const waitsByTable = new Map<string, number>()
let sampling = true
const sampler = (async () => {
  while (sampling) {
    const { rows } = await sql<{ t: string }>`select l.lock_table as t from information_schema.innodb_lock_waits w
      join information_schema.innodb_locks l on l.lock_id = w.requested_lock_id`.execute(root)
    for (const row of rows) waitsByTable.set(row.t, (waitsByTable.get(row.t) ?? 0) + 1)
    await new Promise((r) => setTimeout(r, 10))
  }
})()

// Disjoint pairs of seats, each held then released: every step changes availability, none conflicts on seats.
const pairs: number[][] = []
for (let i = 0; i + 1 < show.seatIds.length; i += 2) pairs.push([show.seatIds[i]!, show.seatIds[i + 1]!])
let next = 0
const before = await status()
const started = performance.now()
await Promise.all(Array.from({ length: inflight }, async () => {
  while (next < steps) {
    const pair = pairs[next++ % pairs.length]!
    const reserved = seatReserved(show, pair)
    await applyEvent(world, 'SeatReservedEvent', reserved)
    await applyEvent(world, 'ReservationExpiredEvent', reservationExpired(reserved))
  }
}))
const seconds = (performance.now() - started) / 1000
const after = await status()
sampling = false
await sampler
console.log(JSON.stringify({
  steps: steps * 2, inflight, seats: show.seatIds.length,
  stepsPerSecond: Math.round((steps * 2) / seconds),
  rowLockWaits: after['Innodb_row_lock_waits']! - before['Innodb_row_lock_waits']!,
  rowLockTimeMs: after['Innodb_row_lock_time']! - before['Innodb_row_lock_time']!,
  sampledWaitsByTable: Object.fromEntries(waitsByTable),
}))
await root.destroy()
for (const fn of teardowns.reverse()) await fn()
process.exit(0)
