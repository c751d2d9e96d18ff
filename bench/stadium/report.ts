/** Numbers and tables of the stadium bench: percentiles, per-bucket rates, the printed report. */
import { STEPS, type SaleStats } from '../../e2e/src/sale.ts'

export interface Percentiles { n: number; p50: number; p90: number; p99: number; max: number }

export function percentiles(samples: readonly number[]): Percentiles {
  if (samples.length === 0) return { n: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN }
  const sorted = Float64Array.from(samples).sort()
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
  return { n: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: sorted[sorted.length - 1]! }
}

/** Seats confirmed in each `bucketMs` window from `startedAt`, as seats per second. */
export function ratePerBucket(confirmations: SaleStats['confirmations'], startedAt: number, endedAt: number, bucketMs: number): number[] {
  const buckets = new Array<number>(Math.max(1, Math.ceil((endedAt - startedAt) / bucketMs))).fill(0)
  for (const { at, seats } of confirmations) {
    const i = Math.min(buckets.length - 1, Math.max(0, Math.floor((at - startedAt) / bucketMs)))
    buckets[i]! += seats
  }
  return buckets.map((seats) => seats / (bucketMs / 1000))
}

export interface StadiumResult {
  kind: 'stadium'
  at: string
  mode: 'outbox' | 'dual-write'
  client: string
  fans: number
  seats: number
  target: string
  settings: Record<string, string>
  commit: string
  saleSeconds: number
  /** arrival → the last seat CONFIRMED, when every seat sold */
  sellOutSeconds: number | null
  seatsSold: number
  confirmedSeats: number
  confirmedPerSecond: number
  /** confirmed seats/s per 5 s bucket from the start */
  confirmedPerSecondOverTime: number[]
  steps: Record<string, Percentiles>
  conflictsPerWonHold: number
  holdsWon: number
  conflicts: number
  fansGaveUp: number
  gaveUpReasons: Record<string, number>
  requests: number
  requestsPerConfirmedSeat: number
  routes: Record<string, number>
  statuses: Record<string, number>
  internalErrors: number
  /** CPU seconds during the sale, by process */
  cpuSeconds: Record<string, number>
  machineBusySeconds: number
  otherBusySeconds: number
  invariantViolations: string[]
  warnings: string[]
}

const ms = (v: number) => (Number.isNaN(v) ? '–' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`)
const pad = (s: string, n: number) => s.padEnd(n)
const lpad = (s: string, n: number) => s.padStart(n)

export function printReport(r: StadiumResult, print: (line: string) => void): void {
  print('')
  print(`stadium: ${r.fans} fans × ${r.seats} seats, ${r.mode}, ${r.client} client, against ${r.target}`)
  print(`  sale ${r.saleSeconds.toFixed(1)} s; sell-out ${r.sellOutSeconds === null ? `NOT sold out (${r.seatsSold}/${r.seats} SOLD)` : `${r.sellOutSeconds.toFixed(1)} s`}; ` +
    `${r.confirmedSeats} seats confirmed, ${r.confirmedPerSecond.toFixed(1)} seats/s`)
  print(`  confirmed seats/s per 5 s: ${r.confirmedPerSecondOverTime.map((v) => v.toFixed(0)).join(' ')}`)
  print('')
  print(`  ${pad('step', 22)} ${lpad('n', 7)} ${lpad('p50', 9)} ${lpad('p90', 9)} ${lpad('p99', 9)} ${lpad('max', 9)}`)
  for (const step of STEPS) {
    const p = r.steps[step]!
    print(`  ${pad(step, 22)} ${lpad(String(p.n), 7)} ${lpad(ms(p.p50), 9)} ${lpad(ms(p.p90), 9)} ${lpad(ms(p.p99), 9)} ${lpad(ms(p.max), 9)}`)
  }
  print('')
  print(`  409s per won hold ${r.conflictsPerWonHold.toFixed(2)} (${r.conflicts} / ${r.holdsWon}); fans gave up: ${r.fansGaveUp}` +
    (r.fansGaveUp ? ` (${Object.entries(r.gaveUpReasons).map(([why, n]) => `${n}× ${why}`).join('; ')})` : ''))
  print(`  HTTP requests ${r.requests}, ${r.requestsPerConfirmedSeat.toFixed(1)} per confirmed seat; statuses ${JSON.stringify(r.statuses)}`)
  print(`  per route: ${Object.entries(r.routes).sort((a, b) => b[1] - a[1]).map(([route, n]) => `${route} ${n}`).join(', ')}`)
  print('')
  print(`  ${pad('process', 22)} ${lpad('CPU s', 8)} ${lpad('% core', 8)} ${lpad('ms/seat', 9)}`)
  const perSeat = (s: number) => (r.confirmedSeats ? ((s * 1000) / r.confirmedSeats).toFixed(1) : '–')
  const rows = Object.entries(r.cpuSeconds).sort((a, b) => b[1] - a[1])
  for (const [label, s] of rows) print(`  ${pad(label, 22)} ${lpad(s.toFixed(1), 8)} ${lpad(((100 * s) / r.saleSeconds).toFixed(0), 8)} ${lpad(perSeat(s), 9)}`)
  const listed = rows.reduce((sum, [, s]) => sum + s, 0)
  print(`  ${pad('all listed', 22)} ${lpad(listed.toFixed(1), 8)} ${lpad(((100 * listed) / r.saleSeconds).toFixed(0), 8)} ${lpad(perSeat(listed), 9)}`)
  print(`  ${pad('other (not ours)', 22)} ${lpad(r.otherBusySeconds.toFixed(1), 8)} ${lpad(((100 * r.otherBusySeconds) / r.saleSeconds).toFixed(0), 8)}`)
  print('')
  if (r.invariantViolations.length) {
    print(`  INVARIANTS VIOLATED (${r.invariantViolations.length}):`)
    for (const v of r.invariantViolations.slice(0, 20)) print(`    ${v}`)
  } else {
    print('  invariants: no seat oversold, every balance right, every event applied, no dead letter')
  }
  for (const w of r.warnings) print(`  warning: ${w}`)
}
