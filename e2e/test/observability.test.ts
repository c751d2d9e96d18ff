/**
 * What SREs rely on, against the running system: one trace id through every service a payment saga
 * crosses (in their logs), and dashboards that query only metrics a real scrape contains.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes, randomUUID } from 'node:crypto'
import t from 'tap'
import { eventually } from '../src/api.ts'
import { startSystem } from '../src/fixture.ts'
import { BACKEND } from '../src/system.ts'

const sys = await startSystem(t, { label: 'observability' })
const root = join(import.meta.dirname, '../..')

t.test('one traceId is in the logs of every service a payment saga crossed', async (t) => {
  const show = await sys.admin.createShow({ sections: [{ name: 'T', rows: 1, seatsPerRow: 4, grade: 'R', price: 10_000 }] })
  const fan = await sys.api.signUp('trace')
  await fan.charge(20_000)
  const token = await fan.admitted(show.performanceId)
  const reservation = await fan.reserve(show.scheduleId, [show.seats[0]!.seatId], token.admissionToken)
  await fan.waitReservation(reservation.reservationId, 'HELD')

  const traceId = randomBytes(16).toString('hex')
  await fan.pay(reservation.orderId, randomUUID(), { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` })
  await fan.waitReservation(reservation.reservationId, 'CONFIRMED')
  await sys.settle(t)

  // payment (HTTP) → order (PaymentRequested) → payment (OrderStatusUpdated, PaymentCompleted) → order
  // (PointDeducted) → concert, user, review (ReservationPaid); the gateway carried the request.
  const crossed = ['gateway', ...BACKEND]
  const logged = () => crossed.filter((service) => readFileSync(join(sys.system.logDir, `${service}.log`), 'utf8').includes(`"traceId":"${traceId}"`))
  const withTrace = await eventually('every service logged the trace', async () => logged(), (found) => found.length === crossed.length, { timeoutMs: 15_000 })
    .catch(() => logged())
  t.same(withTrace, crossed, 'gateway, user, concert, order, payment and review each logged the saga trace id')

  const orderLog = readFileSync(join(sys.system.logDir, 'order.log'), 'utf8').split('\n')
  const step = orderLog.find((line) => line.includes(`"traceId":"${traceId}"`) && line.includes('"eventType":"PointDeductedEvent"'))
  t.ok(step, 'the saga step log line names its event')
  t.match(step, `"aggregateId":"${reservation.orderId}"`, 'and its business id')
})

/** Metric names a PromQL expression reads (functions, keywords, labels and durations removed). */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '')
  const keywords = new Set(['or', 'and', 'unless', 'bool', 'offset'])
  const names: string[] = []
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = match[0]
    const before = stripped[match.index - 1]
    const after = stripped.slice(match.index + word.length).trimStart()[0]
    if (after === '(' || keywords.has(word) || before === '$' || /\d/.test(before ?? '')) continue
    names.push(word)
  }
  return names
}

function dashboardExpressions(): Array<{ dashboard: string; expr: string }> {
  const dir = join(root, 'debezium/grafana/dashboards')
  const found: Array<{ dashboard: string; expr: string }> = []
  const walk = (dashboard: string, node: unknown): void => {
    if (Array.isArray(node)) node.forEach((child) => walk(dashboard, child))
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'expr' && typeof value === 'string') found.push({ dashboard, expr: value })
        else walk(dashboard, value)
      }
    }
  }
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) walk(file, JSON.parse(readFileSync(join(dir, file), 'utf8')))
  return found
}

/** Every metric family a scrape exposes, with the sample names histograms and summaries add. */
async function scrape(url: string): Promise<Set<string>> {
  const text = await (await fetch(url)).text()
  const names = new Set<string>()
  for (const line of text.split('\n')) {
    const type = line.match(/^# TYPE (\S+) (\S+)/)
    if (type) {
      names.add(type[1]!)
      if (type[2] === 'histogram' || type[2] === 'summary') for (const suffix of ['_bucket', '_sum', '_count']) names.add(type[1]! + suffix)
      if (type[2] === 'counter' && !type[1]!.endsWith('_total')) names.add(`${type[1]!}_total`)
    } else if (line && !line.startsWith('#')) names.add(line.split(/[{ ]/)[0]!)
  }
  return names
}

t.test('every metric a dashboard queries exists in a real scrape', async (t) => {
  const exprs = dashboardExpressions()
  t.ok(exprs.length >= 40, `the dashboards hold ${exprs.length} queries`)
  const scraped = new Set<string>()
  const targets = [process.env['CONNECT_METRICS_URL'] ?? 'http://127.0.0.1:9404/metrics', ...['gateway', ...BACKEND].map((s) => `${sys.system.urlOf(s as never)}/metrics`)]
  for (const target of targets) for (const name of await scrape(target)) scraped.add(name)
  const missing = [...new Set(exprs.flatMap(({ dashboard, expr }) => metricNames(expr).filter((name) => !scraped.has(name)).map((name) => `${dashboard}: ${name}`)))]
  t.same(missing, [], 'no dashboard panel queries a metric that nothing exports')
})

/** Runs the ops CLI as an operator would, from the repository root. */
function ops(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/src/ops.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 })
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr }
}

// Last in this file: it puts a record in a dead-letter topic on purpose, which settle() would flag.
t.test('a dead-lettered event is listed, replayed by pnpm ops, and applied exactly once', async (t) => {
  const show = await sys.admin.createShow({ sections: [{ name: 'D', rows: 1, seatsPerRow: 2, grade: 'R', price: 5_000 }] })
  const fan = await sys.api.signUp('dlq')
  const token = await fan.admitted(show.performanceId)
  const reservation = await fan.reserve(show.scheduleId, [show.seats[0]!.seatId], token.admissionToken)
  await fan.waitReservation(reservation.reservationId, 'HELD')

  // As if concert-service had failed on this cancellation during an outage and given up on it.
  const eventId = randomUUID()
  const producer = sys.stack.kafka.producer()
  await producer.connect()
  await producer.send({
    topic: 'reservation-topic.dlq',
    messages: [{
      key: reservation.reservationId,
      value: JSON.stringify({ reservationId: reservation.reservationId, scheduleId: show.scheduleId, seatIds: [show.seats[0]!.seatId], reason: 'USER_CANCELLED', occurredAt: new Date().toISOString() }),
      headers: {
        id: eventId, eventType: 'ReservationCancelledEvent', 'dlq-error': 'simulated outage: connection lost', 'dlq-attempts': '5',
        'dlq-original-topic': 'reservation-topic', 'dlq-original-partition': '0', 'dlq-original-offset': '0',
        'dlq-consumer': 'concert', 'dlq-failed-at': new Date().toISOString(),
      },
    }],
  })
  await producer.disconnect()

  const listed = ops('dlq', 'list', 'reservation-topic', '--json')
  t.equal(listed.code, 0, 'dlq list exits 0')
  t.match(listed.stdout, eventId, 'the record is listed')
  t.match(listed.stdout, 'simulated outage', 'with its error')

  const replayed = ops('dlq', 'replay', 'reservation-topic', '--id', eventId)
  t.equal(replayed.code, 0, `dlq replay exits 0 ${replayed.stderr}`)
  const processed = () => sys.stack.db.concert.selectFrom('processed_event').selectAll().where('event_id', '=', eventId).execute()
  const rows = await eventually('concert applied the replayed event', processed, (found) => found.length > 0, { timeoutMs: 30_000 })
  t.equal(rows.length, 1)
  // Concert's own row: the public seat map still shows the seat HELD, since order-service (which this
  // planted event bypassed) still holds it and the map overlays order's hold board.
  const seat = await sys.stack.db.concert.selectFrom('seat').select(['status', 'reservation_id']).where('id', '=', show.seats[0]!.seatId).executeTakeFirstOrThrow()
  t.same(seat, { status: 'AVAILABLE', reservation_id: null }, 'the cancellation released the seat in concert-service')

  const again = ops('dlq', 'replay', 'reservation-topic', '--id', eventId, '--json')
  t.equal(again.code, 0, 'a second replay of the same id is not an error')
  t.notMatch(again.stdout, /"replayed":\s*\[\s*\{/, 'and replays nothing')
  t.equal((await processed()).length, 1, 'applied exactly once')

  // The fan's cancellation, which that event announced, completes on the order side too.
  const cancelled = await fan.cancelRaw(reservation.reservationId)
  t.equal(cancelled.status, 200)
})
