/**
 * Seat holds at a fixed concurrency: POST /reservations alone, as a frontend sends it in a sale.
 *
 *   pnpm --filter @concert/bench holds [--via direct|gateway] [--fans 250 --schedules 8 --seats 2000
 *     --requests 2000 --concurrency 32 --log-level info --profile <dir>]
 *
 * Starts user-service and order-service (and with `--via gateway` the gateway, TRUST_PROXY=true, each
 * fan sending its own X-Forwarded-For) as processes on ports +200, beside `pnpm start`. Every request
 * is a fan's first hold of a schedule, 1–2 random seats of `--seats`: the fans are admitted to
 * `--schedules` performances, so one fan's hold never refuses its next request (one admission holds
 * one live hold, issue 8). The fans (signed up once, 24 h access tokens) are kept in the OS temp dir
 * between runs; their setup is not timed. Consumers are off, so each schedule is put into both read
 * models (user-service's waiting room, order-service's holds) as ScheduleCreatedEvent would.
 *
 * Reports req/s, latency percentiles per outcome, CPU milliseconds per request of order-service, the
 * gateway, MariaDB and this client (from /proc; MariaDB's includes whatever else uses it meanwhile),
 * and checks that no seat was held twice. `--profile <dir>` records CPU profiles of order-service and
 * the gateway (cpu-profile.mjs; Node 20 refuses --cpu-prof in NODE_OPTIONS) and leaves the .cpuprofile
 * files there, for Chrome DevTools or speedscope.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createPool } from 'mysql2/promise'
import { launch, readStackEnv, root, serviceEnv, waitReady, type RunningService, type ServiceName } from '@concert/scripts/services'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    via: { type: 'string', default: 'direct' },
    fans: { type: 'string', default: '250' },
    schedules: { type: 'string', default: '8' },
    seats: { type: 'string', default: '2000' },
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    'log-level': { type: 'string', default: 'info' },
    profile: { type: 'string' },
  },
})
if (values.via !== 'direct' && values.via !== 'gateway') throw new Error('--via is direct or gateway')
const via = values.via
const fans = Number(values.fans)
const schedules = Number(values.schedules)
const seats = Number(values.seats)
const requests = Math.min(Number(values.requests), fans * schedules)
const concurrency = Number(values.concurrency)
const OFFSET = 200

const stack = readStackEnv()
const profiled = (name: ServiceName): Record<string, string> => values.profile && name !== 'user'
  ? { NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --import=${join(root, 'bench/cpu-profile.mjs')}`, CPU_PROFILE_DIR: values.profile!, CPU_PROFILE_NAME: `${name}-${Date.now()}` }
  : {}
const env = (name: ServiceName) => serviceEnv(name, stack, {
  LOG_LEVEL: String(values['log-level']), QUEUE_ADMIT_PER_SECOND: '100000', QUEUE_ACTIVE_LIMIT: '1000000', QUEUE_TICK_MS: '20',
  SIGN_IN_ATTEMPTS_PER_MINUTE: '10000', EVENT_CONSUMERS_ENABLED: 'false', ACCESS_TOKEN_TTL_SECONDS: '86400',
  TRUST_PROXY: 'true', RATE_LIMIT_PER_MINUTE: '100000',
  ...profiled(name),
}, OFFSET)

/** utime + stime of a process, in ms (clock ticks are 10 ms on Linux). */
function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return Number.NaN
  }
}
const mariadbPid = (() => {
  const file = join(process.env['STACK_DATA_DIR'] ?? join(root, '.data'), 'pids', 'mariadb.pid')
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined
})()

async function waitLive(service: RunningService): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited with code ${service.child.exitCode}`)
    if (await fetch(`${service.url}/health/live`).then((response) => response.ok, () => false)) return
  }
  throw new Error(`${service.name} was not live within 60 s`)
}

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  return { status: response.status, json: (await response.json()) as Record<string, string> }
}

interface Fan { email: string; authorization: string; expiresAt: number }
/** Fans signed up on this stack before, whose access tokens still have an hour to go. */
async function signedInFans(userUrl: string): Promise<Fan[]> {
  const file = join(tmpdir(), `concert-bench-holds-fans-${stack['MYSQL_PORT']}.json`)
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Fan[]) : []
  const fresh = kept.filter((fan) => fan.expiresAt > Date.now() + 3_600_000).slice(0, fans)
  const missing = fans - fresh.length
  if (missing > 0) console.log(`signing up ${missing} fans (kept for the next run)…`)
  for (let start = 0; start < missing; start += 16) {
    fresh.push(...await Promise.all(Array.from({ length: Math.min(16, missing - start) }, async () => {
      const email = `bench-${randomUUID()}@concert.test`
      await post(`${userUrl}/users`, { email, name: 'Bench Fan', password: 'bench-password' })
      const session = await post(`${userUrl}/sessions`, { email, password: 'bench-password' })
      if (session.status !== 200) throw new Error(`sign-in failed: ${session.status} ${JSON.stringify(session.json)}`)
      return { email, authorization: `Bearer ${session.json['accessToken']}`, expiresAt: Date.now() + Number(session.json['expiresIn']) * 1000 }
    })))
  }
  writeFileSync(file, JSON.stringify([...fresh, ...kept.filter((fan) => !fresh.includes(fan))]))
  return fresh
}

const running: RunningService[] = []
try {
  const names: ServiceName[] = via === 'gateway' ? ['user', 'order', 'gateway'] : ['user', 'order']
  for (const name of names) {
    const service = launch(name, env(name), (line) => { if (!line.startsWith('{') || /"level":(50|60)/.test(line)) console.error(`${name}: ${line}`) })
    running.push(service)
    // The gateway is ready only with all five services; it forwards holds once it is live.
    if (name === 'gateway') await waitLive(service)
    else await waitReady(service)
  }
  const [user, order, gateway] = running as [RunningService, RunningService, RunningService | undefined]
  const target = (gateway ?? order).url

  const people = await signedInFans(user.url)
  const performances = Array.from({ length: schedules }, () => ({ performanceId: randomUUID(), scheduleId: randomUUID() }))
  for (const [url, insert] of [
    [stack['USER_DATABASE_URL'], 'INSERT INTO performance_schedule (schedule_id, performance_id, starts_at, ends_at, booking_opens_at) VALUES (?, ?, ?, ?, ?)'],
    [stack['ORDER_DATABASE_URL'], 'INSERT INTO schedule (id, performance_id, starts_at, ends_at, booking_opens_at) VALUES (?, ?, ?, ?, ?)'],
  ] as const) {
    const db = createPool({ uri: url, timezone: 'Z' })
    for (const { performanceId, scheduleId } of performances) {
      await db.query(insert, [scheduleId, performanceId, new Date(Date.now() + 86_400_000), new Date(Date.now() + 90_000_000), new Date(Date.now() - 60_000)])
    }
    await db.end()
  }
  console.log(`admitting ${fans} fans to ${schedules} performances…`)
  const admit = people.flatMap((fan, f) => performances.map(({ performanceId, scheduleId }) => async () => {
    let token = await post(`${user.url}/tokens`, { performanceId }, { authorization: fan.authorization })
    while (token.json['status'] !== 'ACTIVE') {
      if (token.status >= 400) throw new Error(`joining the waiting room failed: ${token.status} ${JSON.stringify(token.json)}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
      const poll = await fetch(`${user.url}/tokens/${token.json['tokenId']}`, { headers: { authorization: fan.authorization } })
      token = { status: poll.status, json: (await poll.json()) as Record<string, string> }
    }
    return { authorization: fan.authorization, queueToken: token.json['admissionToken']!, scheduleId, ip: `10.${(f >> 16) & 255}.${(f >> 8) & 255}.${f & 255}` }
  }))
  const admissions: Array<Awaited<ReturnType<(typeof admit)[number]>>> = []
  for (let start = 0; start < admit.length; start += 32) admissions.push(...await Promise.all(admit.slice(start, start + 32).map((join) => join())))
  // Spread each performance over the run, and each fan's requests apart.
  admissions.sort(() => Math.random() - 0.5)

  // Statements MariaDB ran meanwhile (all clients: exact on a stack of its own, STACK_DATA_DIR).
  const admin = createPool({ host: stack['MYSQL_HOST'], port: Number(stack['MYSQL_PORT']), user: stack['MYSQL_ROOT_USER'], password: stack['MYSQL_ROOT_PASSWORD'] })
  const questions = async () => Number(((await admin.query("SHOW GLOBAL STATUS LIKE 'Questions'"))[0] as Array<{ Value: string }>)[0]!.Value)
  const questionsBefore = await questions()
  const pids = { order: order.child.pid, gateway: gateway?.child.pid, mariadb: mariadbPid }
  const cpuBefore = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]))
  const clientBefore = process.cpuUsage()
  const samples: Array<{ status: string; ms: number }> = []
  const won = new Map<string, string[]>()
  let next = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests) {
      const i = next++
      const fan = admissions[i]!
      const wanted = new Set(Array.from({ length: 1 + (i % 2) }, () => 1 + Math.floor(Math.random() * seats)))
      const t0 = performance.now()
      const result = await post(`${target}/reservations`, { scheduleId: fan.scheduleId, seatIds: [...wanted] }, {
        authorization: fan.authorization, 'x-queue-token': fan.queueToken, 'idempotency-key': randomUUID(), 'x-forwarded-for': fan.ip,
      })
      samples.push({ status: result.status === 201 ? '201' : `${result.status} ${result.json['code']}`, ms: performance.now() - t0 })
      if (result.status === 201) for (const seat of wanted) won.set(`${fan.scheduleId}/${seat}`, [...won.get(`${fan.scheduleId}/${seat}`) ?? [], result.json['reservationId']!])
    }
  }))
  const seconds = (performance.now() - started) / 1000
  const client = process.cpuUsage(clientBefore)
  const cpu = Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid) - cpuBefore[name]!] as const)
  cpu.push(['client', (client.user + client.system) / 1000])

  const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1)
  const row = (label: string, list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b)
    return `${label.padEnd(24)} ${String(list.length).padStart(6)}  p50 ${pct(sorted, 50).padStart(6)} ms  p95 ${pct(sorted, 95).padStart(6)} ms  p99 ${pct(sorted, 99).padStart(6)} ms  max ${sorted.at(-1)!.toFixed(1).padStart(6)} ms`
  }
  console.log(`\n${requests} POST /reservations via ${via}, ${concurrency} in flight, ${fans} fans × ${schedules} schedules of ${seats} seats, 1–2 seats each, LOG_LEVEL=${values['log-level']}`)
  console.log(`throughput ${(requests / seconds).toFixed(0)} req/s over ${seconds.toFixed(1)} s`)
  console.log(row('all', samples.map((s) => s.ms)))
  for (const status of [...new Set(samples.map((s) => s.status))].sort()) {
    console.log(row(status, samples.filter((s) => s.status === status).map((s) => s.ms)))
  }
  const statements = await questions() - questionsBefore - 1
  await admin.end()
  console.log(`MariaDB statements per request: ${(statements / requests).toFixed(1)} (all clients)`)
  console.log(`CPU ms per request: ${cpu.filter(([, ms]) => !Number.isNaN(ms)).map(([name, ms]) => `${name} ${(ms / requests).toFixed(2)}`).join(', ')}`)
  // With `pnpm start` running, its consumers see these holds' SeatReservedEvents, and concert-service
  // (which never heard of these schedules) refuses them: a released seat may be won again. A seat is
  // held twice only if two of its winning reservations are live (not released) at the end.
  const pool = createPool({ uri: stack['ORDER_DATABASE_URL'] })
  const scheduleIds = performances.map((p) => p.scheduleId)
  const [statusRows] = await pool.query('SELECT id, status FROM reservation WHERE schedule_id IN (?)', [scheduleIds])
  const [rows] = await pool.query('SELECT COUNT(*) AS holds, COUNT(DISTINCT schedule_id, seat_id) AS seats FROM seat_reservation WHERE schedule_id IN (?)', [scheduleIds])
  await pool.end()
  const live = new Set((statusRows as Array<{ id: string; status: string }>).filter((r) => ['PENDING', 'HELD', 'CONFIRMED'].includes(r.status)).map((r) => r.id))
  const rewon = [...won.values()].filter((ids) => ids.length > 1).length
  const doubles = [...won.values()].filter((ids) => ids.filter((id) => live.has(id)).length > 1).length
  const { holds, seats: distinct } = (rows as Array<{ holds: number; seats: number }>)[0]!
  console.log(`seats won: ${won.size} (${rewon} again after a release); held twice at once: ${doubles}; hold rows ${holds} for ${distinct} distinct seats`)
  if (doubles > 0 || Number(holds) !== Number(distinct)) process.exitCode = 1
} finally {
  await Promise.all(running.map((service) => service.stop()))
}
