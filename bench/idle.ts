/**
 * What the system burns when nobody uses it: CPU of every stack process (MariaDB, Kafka, Connect, Redis)
 * and every service and the gateway over an idle window, in % of one core.
 *
 *   pnpm --filter @concert/bench idle [--window 30] [--warmup 15] [--url http://127.0.0.1:3000] [--instances 2]
 *
 * Starts its own system on ports +400 with production settings (stadium/system.ts), waits `warmup`
 * seconds for start-up work to finish, then reads /proc before and after `window` seconds. With --url it
 * measures the system whose gateway answers there (services found by the pids listening on their ports).
 * The stack is shared: another system's traffic (a test, a helper's run) shows up in MariaDB/Kafka/
 * Connect, so the machine's total busy time and what no listed process used are printed too.
 * Result also in <data dir>/bench/idle-<time>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { cpuBetween, cpuSeconds, machineBusySeconds, stackProcs, systemProcs } from './stadium/cpu.ts'
import { BENCH_DIR } from './stadium/setup.ts'
import { BENCH_PORT_OFFSET, startBenchSystem } from './stadium/system.ts'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    window: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '15' },
    url: { type: 'string' },
    instances: { type: 'string', default: '1' },
  },
})
const windowSeconds = Number(values.window)
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

let stop = async () => {}
let offset = BENCH_PORT_OFFSET
if (values.url) {
  offset = Number(new URL(values.url).port || 80) - 3000
} else {
  console.log(`starting the system on ports +${BENCH_PORT_OFFSET}…`)
  const { system } = await startBenchSystem({ label: 'idle', instances: Number(values.instances) })
  stop = () => system.stop()
}
try {
  console.log(`warming up ${values.warmup} s, then measuring ${windowSeconds} s of idle…`)
  await sleep(Number(values.warmup) * 1000)
  const procs = [...systemProcs(offset), ...stackProcs()]
  if (!procs.some((p) => p.label === 'gateway')) console.log(`warning: nothing listens on the gateway's port ${3000 + offset}`)
  const before = cpuSeconds(procs)
  const busyBefore = machineBusySeconds()
  const t0 = performance.now()
  await sleep(windowSeconds * 1000)
  const cpu = cpuBetween(before, cpuSeconds(procs))
  const seconds = (performance.now() - t0) / 1000
  const busy = machineBusySeconds() - busyBefore
  const pct = (s: number) => (100 * s) / seconds
  const rows = [...cpu.entries()].sort((a, b) => b[1] - a[1])
  const total = rows.reduce((sum, [, s]) => sum + s, 0)
  console.log(`\nidle CPU over ${seconds.toFixed(1)} s (% of one core)`)
  for (const [label, s] of rows) console.log(`  ${label.padEnd(20)} ${pct(s).toFixed(1).padStart(6)} %`)
  console.log(`  ${'all listed'.padEnd(20)} ${pct(total).toFixed(1).padStart(6)} %`)
  console.log(`  ${'machine busy'.padEnd(20)} ${pct(busy).toFixed(1).padStart(6)} %   (other processes: ${pct(Math.max(0, busy - total)).toFixed(1)} %)`)
  mkdirSync(BENCH_DIR, { recursive: true })
  const at = new Date().toISOString()
  const file = join(BENCH_DIR, `idle-${at.replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, `${JSON.stringify({
    kind: 'idle', at, target: values.url ?? `own system on ports +${BENCH_PORT_OFFSET}`, seconds,
    percentOfOneCore: Object.fromEntries(rows.map(([label, s]) => [label, pct(s)])), totalPercent: pct(total), machineBusyPercent: pct(busy),
  }, null, 2)}\n`)
  console.log(`  result: ${file}`)
} finally {
  await stop()
}
process.exit(0)
