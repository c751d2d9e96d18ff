/**
 * The stadium benchmark (issue 10): N fans arrive at once for M seats, through the gateway only.
 *
 *   pnpm --filter @concert/bench stadium --fans 1000 --seats 1000 [--dual-write] [--client plain|push]
 *        [--url http://127.0.0.1:3000] [--instances 2] [--timeout 600] [--max-conflicts 10] [--seed 1]
 *
 * Starts its own system on ports +400 (production settings, TRUST_PROXY=true, QUEUE_ADMIT_PER_SECOND=500;
 * stadium/system.ts), or targets a running gateway with --url. Setup is not timed (stadium/setup.ts).
 * The sale is e2e's fan journey (e2e/src/sale.ts) in a child process (stadium/load.ts). Reported: sell-out
 * time, confirmed seats/s over time, p50/p90/p99 of each step, 409s per won hold, fans who gave up,
 * requests per confirmed seat, CPU seconds per process, and the SPEC §7 invariants (e2e/src/invariants.ts);
 * the result is also written to <data dir>/bench/stadium-<time>.json. Exit code 1 when an invariant fails.
 * How to read it: bench/README.md.
 */
import { fork, execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Api } from '../e2e/src/api.ts'
import { checkInvariants, drain } from '../e2e/src/invariants.ts'
import { waitScheduleKnown } from '../e2e/src/read-models.ts'
import { Stack } from '../e2e/src/stack.ts'
import { STEPS } from '../e2e/src/sale.ts'
import { adminCredentials } from '../scripts/src/start.ts'
import { cpuBetween, cpuSeconds, machineBusySeconds, stackProcs, systemProcs, type Proc } from './stadium/cpu.ts'
import type { DoneMessage, Progress, StartMessage } from './stadium/load.ts'
import { percentiles, printReport, ratePerBucket, type StadiumResult } from './stadium/report.ts'
import { BENCH_DIR, createShow, prepareFans, signInAdmin } from './stadium/setup.ts'
import { BENCH_PORT_OFFSET, startBenchSystem } from './stadium/system.ts'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    fans: { type: 'string', default: '1000' },
    seats: { type: 'string', default: '1000' },
    'dual-write': { type: 'boolean', default: false },
    client: { type: 'string', default: 'push' },
    url: { type: 'string' },
    instances: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '600' },
    'max-conflicts': { type: 'string', default: '10' },
    connections: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
})
const fans = Number(values.fans)
const seats = Number(values.seats)
const client = values.client as 'plain' | 'push'
if (!Number.isInteger(fans) || fans < 1 || !Number.isInteger(seats) || seats < 1) throw new Error('--fans and --seats must be positive whole numbers')
if (client !== 'plain' && client !== 'push') throw new Error('--client is plain or push')
if (values.url && values['dual-write']) throw new Error('--dual-write starts its own system (the services need the bench module): not with --url')
const log = (line: string) => console.log(line)
const warnings: string[] = []

const stack = new Stack()
const dlqBefore = await stack.dlqOffsets()
const others = await stack.activeGroups()
if (!values.url && others.length) {
  warnings.push(`other processes consume the same groups (${others.length} groups, e.g. ${others[0]}): they share the events and the machine`)
}
let stopSystem = async () => {}
let baseUrl = values.url?.replace(/\/$/, '')
let settings: Record<string, string> = {}
let offset = BENCH_PORT_OFFSET
if (baseUrl) {
  offset = Number(new URL(baseUrl).port || 80) - 3000
} else {
  log(`starting the system on ports +${BENCH_PORT_OFFSET}${values['dual-write'] ? ' with dual writes (events to Kafka inside the request)' : ''}…`)
  const started = await startBenchSystem({ label: `stadium${values['dual-write'] ? '-dual-write' : ''}`, dualWrite: values['dual-write'], instances: Number(values.instances) })
  settings = started.settings
  baseUrl = started.system.gatewayUrl
  stopSystem = () => started.system.stop()
}

let exitCode = 0
try {
  const api = new Api(baseUrl)
  const admin = adminCredentials()
  const adminSession = await signInAdmin(api, admin.ADMIN_EMAIL, admin.ADMIN_PASSWORD, (scheduleId) => waitScheduleKnown(stack, scheduleId))
  const since = new Date(Date.now() - 1000)
  const show = await createShow(adminSession, seats)
  log(`show: performance ${show.performanceId}, schedule ${show.scheduleId}, ${seats} seats`)
  const people = await prepareFans(api, stack, fans, Number(values.timeout) * 1000 + 600_000, log)

  const child = fork(join(import.meta.dirname, 'stadium/load.ts'), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: 'inherit' })
  const nextMessage = <T>(type: string) => new Promise<T>((done, fail) => {
    const onMessage = (m: { type: string }) => { if (m.type === type) { child.off('message', onMessage); child.off('exit', onExit); done(m as T) } }
    const onExit = (code: number | null) => fail(new Error(`the load client exited (${code}) before '${type}'`))
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
  const start: StartMessage = {
    type: 'start', baseUrl, performanceId: show.performanceId, scheduleId: show.scheduleId, client,
    fans: people.map((f) => ({ userId: f.userId, token: f.token, email: f.email, headers: f.headers })),
    maxConflicts: Number(values['max-conflicts']), timeoutMs: Number(values.timeout) * 1000, seed: Number(values.seed),
    connections: Number(values.connections ?? Math.min(fans + 64, 15_000)),
  }
  child.send(start)
  const ready = await nextMessage<{ warmed: number }>('ready')
  log(`load client: ${ready.warmed} connections open; the sale starts`)

  const procs: Proc[] = [...systemProcs(offset), ...stackProcs(), { label: 'load client', pid: child.pid! }, { label: 'bench (log relay)', pid: process.pid }]
  if (!procs.some((p) => p.label === 'gateway')) warnings.push(`no process found listening on the gateway's port: services' CPU is missing`)
  const cpuBefore = cpuSeconds(procs)
  const busyBefore = machineBusySeconds()
  const onProgress = (m: Progress) => {
    if (m.type === 'progress') log(`  ${((m.at - t0) / 1000).toFixed(0).padStart(4)} s: ${m.confirmedSeats} seats confirmed, ${m.fansDone}/${fans} fans done (${m.gaveUp} gave up), ${m.holdsWon} holds won, ${m.conflicts} conflicts, ${m.requests} requests`)
  }
  child.on('message', onProgress)
  const t0 = Date.now()
  const finished = nextMessage<DoneMessage>('done')
  child.send({ type: 'go' })
  const done = await finished
  const cpu = cpuBetween(cpuBefore, cpuSeconds(procs))
  const busy = machineBusySeconds() - busyBefore
  child.off('message', onProgress)

  log('sale over; draining the choreography and checking invariants (not timed)…')
  let violations: string[]
  try {
    await drain(stack, since, 300_000)
    violations = await checkInvariants(stack, api.scope, since, dlqBefore)
  } catch (error) {
    violations = [`could not drain: ${(error as Error).message}`]
  }
  // After the drain: a fan sees CONFIRMED (order-service) one hop before concert-service marks the seat SOLD.
  const soldRows: Array<{ n: number }> = await stack.db.concert.selectFrom('seat').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('schedule_id', '=', show.scheduleId).where('status', '=', 'SOLD').execute()
  const seatsSold = Number(soldRows[0]?.n ?? 0)
  const { stats, startedAt, endedAt } = done
  const saleSeconds = (endedAt - startedAt) / 1000
  const lastConfirmed = Math.max(startedAt, ...stats.confirmations.map((c) => c.at))
  const requests = [...stats.statuses.values()].reduce((a, b) => a + b, 0)
  const gaveUpReasons: Record<string, number> = {}
  for (const g of stats.fansGaveUp) gaveUpReasons[g.why.replace(/[0-9a-f-]{36}/g, ':id').slice(0, 80)] = (gaveUpReasons[g.why.replace(/[0-9a-f-]{36}/g, ':id').slice(0, 80)] ?? 0) + 1
  if (stats.internalErrors.length) violations.push(`${stats.internalErrors.length} requests answered 500: ${JSON.stringify(stats.internalErrors.slice(0, 3))}`)
  const listed = [...cpu.values()].reduce((a, b) => a + b, 0)
  const result: StadiumResult = {
    kind: 'stadium', at: new Date(startedAt).toISOString(), mode: values['dual-write'] ? 'dual-write' : 'outbox', client, fans, seats,
    target: values.url ? baseUrl : `own system on ports +${BENCH_PORT_OFFSET} (${values.instances} instance(s) per service)`, settings,
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
    saleSeconds, sellOutSeconds: seatsSold === seats ? (lastConfirmed - startedAt) / 1000 : null, seatsSold,
    confirmedSeats: stats.confirmedSeats, confirmedPerSecond: stats.confirmedSeats / ((lastConfirmed - startedAt) / 1000 || 1),
    confirmedPerSecondOverTime: ratePerBucket(stats.confirmations, startedAt, endedAt, 5000),
    steps: Object.fromEntries(STEPS.map((s) => [s, percentiles(stats.steps[s])])),
    conflictsPerWonHold: stats.holdsWon ? stats.conflicts / stats.holdsWon : NaN, holdsWon: stats.holdsWon, conflicts: stats.conflicts,
    fansGaveUp: stats.fansGaveUp.length, gaveUpReasons, requests, requestsPerConfirmedSeat: stats.confirmedSeats ? requests / stats.confirmedSeats : NaN,
    routes: Object.fromEntries(stats.routes), statuses: Object.fromEntries(stats.statuses), internalErrors: stats.internalErrors.length,
    cpuSeconds: Object.fromEntries(cpu), machineBusySeconds: busy, otherBusySeconds: Math.max(0, busy - listed),
    invariantViolations: violations, warnings,
  }
  printReport(result, log)
  mkdirSync(BENCH_DIR, { recursive: true })
  const file = join(BENCH_DIR, `stadium-${result.at.replace(/[:.]/g, '-')}-${fans}x${seats}-${result.mode}-${client}.json`)
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
  log(`  result: ${file}`)
  if (violations.length) exitCode = 1
} catch (error) {
  console.error(error)
  exitCode = 2
} finally {
  await stopSystem()
  await stack.close()
}
process.exit(exitCode)
