/**
 * `pnpm --filter @concert/e2e nemesis`: the long variant of test/nemesis.test.ts. A sale through the
 * gateway while the nemesis injects every fault kind NEMESIS_ROUNDS times (order drawn from
 * NEMESIS_SEED), then a report per fault kind: how long the API was unavailable (injection → last
 * failed request of that fault), how long sagas stalled once the part was back (healed → next saga
 * step a fan saw complete), client answers by status, new dead letters, and the invariants.
 *
 * It takes the shared stack's parts down and heals them: run it on a quiet stack, or on a second one
 * (STACK_DATA_DIR and STACK_*_PORT, see scripts/README.md).
 *
 * Env: NEMESIS_SEED, NEMESIS_FANS (300), NEMESIS_SEATS (300, rows of 20), NEMESIS_ROUNDS (2),
 * NEMESIS_ADMIT_PER_SECOND (2), NEMESIS_GAP_MS (5000).
 */
import { randomInt } from 'node:crypto'
import { Api } from '../src/api.ts'
import { checkInvariants, drain } from '../src/invariants.ts'
import { FAULT_KINDS, Nemesis, impacts, type FaultImpact } from '../src/nemesis.ts'
import { runSale, seeded } from '../src/sale.ts'
import { Stack } from '../src/stack.ts'
import { System } from '../src/system.ts'

const seed = Number(process.env['NEMESIS_SEED'] ?? randomInt(1, 2 ** 31))
const FANS = Number(process.env['NEMESIS_FANS'] ?? 300)
const SEATS = Number(process.env['NEMESIS_SEATS'] ?? 300)
const ROUNDS = Number(process.env['NEMESIS_ROUNDS'] ?? 2)
const GAP_MS = Number(process.env['NEMESIS_GAP_MS'] ?? 5000)

const pct = (values: number[], p: number) => {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
const s = (n: number) => (Number.isFinite(n) ? (n / 1000).toFixed(1).padStart(6) : '   n/a')

console.log(`nemesis bench: seed ${seed}, ${FANS} fans, ${SEATS} seats, ${ROUNDS} round(s) of ${FAULT_KINDS.join(', ')}`)
const stack = new Stack()
const since = new Date(Date.now() - 1000)
const dlqBefore = await stack.dlqOffsets()
const system = new System({ label: 'nemesis-bench', env: { QUEUE_ADMIT_PER_SECOND: process.env['NEMESIS_ADMIT_PER_SECOND'] ?? '2' } })
await system.start()
try {
  const api = new Api(system.gatewayUrl)
  const admin = await api.signInAdmin(system.admin.email, system.admin.password)
  const show = await admin.createShow({ sections: [{ name: 'A', rows: Math.ceil(SEATS / 20), seatsPerRow: 20, grade: 'R', price: 10_000 }] })
  const fans = []
  for (let i = 0; i < FANS; i++) {
    const fan = await api.signUp(`nemesis-bench${i}`)
    await fan.charge(100_000)
    fans.push(fan)
  }
  const random = seeded(seed)
  const deadline = Date.now() + 30 * 60_000
  const nemesis = new Nemesis({ system, random, sessionTimeoutMs: 10_000, log: (line) => console.log(line) })
  const sale = runSale({ api, fans, performanceId: show.performanceId, scheduleId: show.scheduleId, concurrency: FANS, deadline, random })
  for (let round = 0; round < ROUNDS; round++) await nemesis.runEachOnce(GAP_MS, deadline)
  const stats = await sale
  await drain(stack, since, 120_000)
  const violations = await checkInvariants(stack, api.scope, since, dlqBefore)

  const byKind = new Map<string, FaultImpact[]>()
  for (const impact of impacts(nemesis.faults, stats.outages, stats.progress)) {
    byKind.set(impact.kind, [...(byKind.get(impact.kind) ?? []), impact])
  }
  console.log('\n| fault | n | API unavailable p50 / max (s) | saga stall p50 / p99 (s) |')
  console.log('|---|---|---|---|')
  for (const [kind, list] of byKind) {
    const down = list.map((i) => i.apiUnavailableMs)
    const stall = list.map((i) => i.sagaStallMs).filter((v): v is number => v !== undefined)
    console.log(`| ${kind} | ${list.length} | ${s(pct(down, 50))} / ${s(Math.max(...down))} | ${s(pct(stall, 50))} / ${s(pct(stall, 99))} |`)
  }
  const dlqAfter = await stack.dlqOffsets()
  const deadLetters = Object.entries(dlqAfter).reduce((sum, [topic, n]) => sum + n - (dlqBefore[topic] ?? 0), 0)
  console.log(`\nclient answers by status: ${JSON.stringify(Object.fromEntries([...stats.statuses].sort()))}`)
  console.log(`500s: ${stats.internalErrors.length}; fans who gave up: ${stats.fansGaveUp.length}; confirmed seats: ${stats.confirmedSeats}/${SEATS}; new dead letters: ${deadLetters}`)
  console.log(violations.length === 0 ? 'invariants: all hold' : `invariants: ${violations.length} violation(s)\n  ${violations.slice(0, 20).join('\n  ')}`)
  process.exitCode = violations.length || stats.internalErrors.length ? 1 : 0
} finally {
  await system.stop()
  await stack.close()
}
