/**
 * Seat holds under contention: many fans racing for few seats through POST /reservations.
 *
 *   pnpm --filter @concert/bench holds [--fans 200 --seats 100 --requests 2000 --concurrency 32]
 *
 * Starts user-service and order-service as processes (ports +200, beside `pnpm start`), signs up and
 * admits the fans, then fires requests for 1–2 random seats of one schedule at a fixed concurrency.
 * Reports throughput, latency percentiles per outcome, and checks that no seat was held twice.
 * Consumers are off, so the schedule is put into both read models (user-service's waiting room,
 * order-service's holds) as ScheduleCreatedEvent would. One admission holds one live hold at a time
 * (issue 8): once a fan has won, its further requests are 409 HOLD_EXISTS, reported apart.
 */
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { createPool } from 'mysql2/promise'
import { launch, readStackEnv, serviceEnv, waitReady, type RunningService } from '@concert/scripts/services'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    fans: { type: 'string', default: '200' },
    seats: { type: 'string', default: '100' },
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
  },
})
const fans = Number(values.fans)
const seats = Number(values.seats)
const requests = Number(values.requests)
const concurrency = Number(values.concurrency)
const OFFSET = 200

const stack = readStackEnv()
const env = (name: 'user' | 'order') => serviceEnv(name, stack, {
  LOG_LEVEL: 'warn', QUEUE_ADMIT_PER_SECOND: '100000', QUEUE_ACTIVE_LIMIT: '1000000', QUEUE_TICK_MS: '20',
  SIGN_IN_ATTEMPTS_PER_MINUTE: '10000', EVENT_CONSUMERS_ENABLED: 'false',
}, OFFSET)
const running: RunningService[] = []
try {
  for (const name of ['user', 'order'] as const) {
    const service = launch(name, env(name), (line) => { if (!line.startsWith("{") || /"level":(50|60)/.test(line)) console.error(`${name}: ${line}`) })
    running.push(service)
    await waitReady(service)
  }
  const [user, order] = running as [RunningService, RunningService]
  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
    return { status: response.status, json: (await response.json()) as Record<string, string> }
  }

  const performanceId = randomUUID()
  const scheduleId = randomUUID()
  const window = [performanceId, new Date(Date.now() + 86_400_000), new Date(Date.now() + 90_000_000), new Date(Date.now() - 60_000)]
  for (const [url, insert] of [
    [stack['USER_DATABASE_URL'], 'INSERT INTO performance_schedule (schedule_id, performance_id, starts_at, ends_at, booking_opens_at) VALUES (?, ?, ?, ?, ?)'],
    [stack['ORDER_DATABASE_URL'], 'INSERT INTO schedule (id, performance_id, starts_at, ends_at, booking_opens_at) VALUES (?, ?, ?, ?, ?)'],
  ] as const) {
    const db = createPool({ uri: url, timezone: 'Z' })
    await db.query(insert, [scheduleId, ...window])
    await db.end()
  }
  console.log(`preparing ${fans} fans with admission tokens…`)
  const people = await Promise.all(Array.from({ length: fans }, async () => {
    const email = `bench-${randomUUID()}@concert.test`
    await post(`${user.url}/users`, { email, name: 'Bench Fan', password: 'bench-password' })
    const session = await post(`${user.url}/sessions`, { email, password: 'bench-password' })
    const authorization = `Bearer ${session.json['accessToken']}`
    let token = await post(`${user.url}/tokens`, { performanceId }, { authorization })
    while (token.json['status'] !== 'ACTIVE') {
      await new Promise((resolve) => setTimeout(resolve, 20))
      const poll = await fetch(`${user.url}/tokens/${token.json['tokenId']}`, { headers: { authorization } })
      token = { status: poll.status, json: (await poll.json()) as Record<string, string> }
    }
    return { authorization, queueToken: token.json['admissionToken']! }
  }))

  const samples: Array<{ status: string; ms: number }> = []
  const won = new Map<number, number>()
  let next = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests) {
      const i = next++
      const fan = people[i % fans]!
      const wanted = new Set(Array.from({ length: 1 + (i % 2) }, () => 1 + Math.floor(Math.random() * seats)))
      const t0 = performance.now()
      const result = await post(`${order.url}/reservations`, { scheduleId, seatIds: [...wanted] }, {
        authorization: fan.authorization, 'x-queue-token': fan.queueToken, 'idempotency-key': randomUUID(),
      })
      samples.push({ status: result.status === 201 ? '201' : `${result.status} ${result.json['code']}`, ms: performance.now() - t0 })
      if (result.status === 201) for (const seat of wanted) won.set(seat, (won.get(seat) ?? 0) + 1)
    }
  }))
  const seconds = (performance.now() - started) / 1000

  const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1)
  const row = (label: string, list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b)
    return `${label.padEnd(24)} ${String(list.length).padStart(6)}  p50 ${pct(sorted, 50).padStart(6)} ms  p95 ${pct(sorted, 95).padStart(6)} ms  p99 ${pct(sorted, 99).padStart(6)} ms  max ${sorted.at(-1)!.toFixed(1).padStart(6)} ms`
  }
  console.log(`\n${requests} POST /reservations, ${concurrency} in flight, ${fans} fans, ${seats} seats, 1–2 seats each`)
  console.log(`throughput ${(requests / seconds).toFixed(0)} req/s over ${seconds.toFixed(1)} s`)
  console.log(row('all', samples.map((s) => s.ms)))
  for (const status of [...new Set(samples.map((s) => s.status))].sort()) {
    console.log(row(status, samples.filter((s) => s.status === status).map((s) => s.ms)))
  }
  const doubles = [...won.values()].filter((n) => n > 1).length
  const pool = createPool({ uri: stack['ORDER_DATABASE_URL'] })
  const [rows] = await pool.query('SELECT COUNT(*) AS holds, COUNT(DISTINCT seat_id) AS seats FROM seat_reservation WHERE schedule_id = ?', [scheduleId])
  await pool.end()
  const { holds, seats: distinct } = (rows as Array<{ holds: number; seats: number }>)[0]!
  console.log(`seats won: ${won.size}/${seats}; seats won twice (HTTP view): ${doubles}; hold rows ${holds} for ${distinct} distinct seats`)
  if (doubles > 0 || Number(holds) !== Number(distinct)) process.exitCode = 1
} finally {
  await Promise.all(running.map((service) => service.stop()))
}
