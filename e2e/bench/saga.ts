/**
 * `pnpm --filter @concert/e2e bench`: how long one event hop and a whole payment saga take, on the
 * real stack with every service as a process, driven through the gateway.
 *
 * - one hop: commit → consumer, from the producer's outbox.created_at to the consumer's
 *   processed_event.processed_at (both written by the database clock), for SeatReservedEvent into
 *   concert and for each hop of the payment saga;
 * - the payment saga: POST /payments sent → GET /reservations/{id} first shows CONFIRMED (polled
 *   every POLL_MS, so the figure is up to POLL_MS late).
 *
 * Env: BENCH_SAGAS (default 120), BENCH_CONCURRENCY (default 4), BENCH_POLL_MS (default 10).
 */
import { Api, eventually, type Fan } from '../src/api.ts'
import { waitScheduleKnown } from '../src/read-models.ts'
import { Stack } from '../src/stack.ts'
import { System } from '../src/system.ts'
import { drain } from '../src/invariants.ts'

const SAGAS = Number(process.env['BENCH_SAGAS'] ?? 120)
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 4)
const POLL_MS = Number(process.env['BENCH_POLL_MS'] ?? 10)

const pct = (values: number[], p: number) => {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1).padStart(8) : '     n/a')

async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const i = next++
      await fn(items[i]!, i)
    }
  }))
}

const system = new System({ label: 'bench', env: { LOG_LEVEL: 'warn' } })
const stack = new Stack()
const since = new Date(Date.now() - 1000)
try {
  process.stdout.write('starting the system… ')
  await system.start()
  console.log('up')
  const api = new Api(system.gatewayUrl)
  const admin = await api.signInAdmin(system.admin.email, system.admin.password, (scheduleId) => waitScheduleKnown(stack, scheduleId))
  const seatsPerRow = 20
  const show = await admin.createShow({ sections: [{ name: 'B', rows: Math.ceil(SAGAS / seatsPerRow), seatsPerRow, grade: 'R', price: 1_000 }] })

  process.stdout.write(`preparing ${SAGAS} fans (sign-up, charge, waiting room)… `)
  const fans: Array<{ fan: Fan; queueToken: string }> = new Array(SAGAS)
  await pool([...Array(SAGAS).keys()], 8, async (i) => {
    const fan = await api.signUp(`bench${i}`)
    await fan.charge(10_000)
    const token = await fan.admitted(show.performanceId, 60_000)
    fans[i] = { fan, queueToken: token.admissionToken }
  })
  console.log('done')

  const holdMs: number[] = []
  const sagaMs: number[] = []
  const reservations: Array<{ reservationId: string; orderId: string }> = []
  process.stdout.write(`running ${SAGAS} sagas, ${CONCURRENCY} at a time… `)
  const started = Date.now()
  await pool(fans, CONCURRENCY, async ({ fan, queueToken }, i) => {
    const seatId = show.seats[i]!.seatId
    const t0 = performance.now()
    const r = await fan.reserve(show.scheduleId, [seatId], queueToken)
    await eventually('HELD', () => fan.reservation(r.reservationId), (v) => v.status === 'HELD', { timeoutMs: 30_000, intervalMs: POLL_MS })
    holdMs.push(performance.now() - t0)
    const t1 = performance.now()
    await fan.pay(r.orderId)
    await eventually('CONFIRMED', () => fan.reservation(r.reservationId), (v) => v.status === 'CONFIRMED', { timeoutMs: 30_000, intervalMs: POLL_MS })
    sagaMs.push(performance.now() - t1)
    reservations.push(r)
  })
  const elapsed = (Date.now() - started) / 1000
  console.log(`done in ${elapsed.toFixed(1)} s (${(SAGAS / elapsed).toFixed(1)} sagas/s)`)
  await drain(stack, since, 120_000)

  // Per-hop latencies from the databases: producer outbox.created_at → consumer processed_event.processed_at.
  const hops: Record<string, number[]> = {}
  const mine = reservations.flatMap((r) => [r.reservationId, r.orderId])
  const hop = async (producer: 'order' | 'payment' | 'concert', type: string, consumer: 'order' | 'payment' | 'concert', label: string) => {
    // Only this run's sagas: other packages' tests may write to the same outboxes meanwhile.
    const rows: Array<{ id: string; created_at: Date }> = await stack.db[producer].selectFrom('outbox').select(['id', 'created_at'])
      .where('type', '=', type).where('created_at', '>=', since).where('aggregateid', 'in', mine).execute()
    const done: Array<{ event_id: string; processed_at: Date }> = rows.length
      ? await stack.db[consumer].selectFrom('processed_event').select(['event_id', 'processed_at']).where('consumer', '=', consumer).where('event_id', 'in', rows.map((r) => r.id)).execute()
      : []
    const at = new Map(done.map((d) => [d.event_id, d.processed_at.getTime()]))
    hops[label] = rows.filter((r) => at.has(r.id)).map((r) => at.get(r.id)! - r.created_at.getTime())
  }
  await hop('order', 'SeatReservedEvent', 'concert', 'hop SeatReserved        order → concert')
  await hop('concert', 'ReservationConfirmedEvent', 'order', 'hop ReservationConfirmed concert → order')
  await hop('payment', 'PaymentRequestedEvent', 'order', 'hop PaymentRequested    payment → order')
  await hop('order', 'OrderStatusUpdatedEvent', 'payment', 'hop OrderStatusUpdated  order → payment')
  await hop('payment', 'PaymentCompletedEvent', 'payment', 'hop PaymentCompleted    payment → payment')
  await hop('payment', 'PointDeductedEvent', 'order', 'hop PointDeducted       payment → order')

  // The payment saga seen from the databases: payment row created → reservation CONFIRMED (updated_at).
  const payments: Array<{ order_id: string; created_at: Date }> = await stack.db.payment.selectFrom('payment').select(['order_id', 'created_at'])
    .where('order_id', 'in', reservations.map((r) => r.orderId)).where('status', '=', 'COMPLETED').execute()
  const confirmedAt: Array<{ order_id: string; updated_at: Date }> = await stack.db.order.selectFrom('reservation').select(['order_id', 'updated_at'])
    .where('order_id', 'in', reservations.map((r) => r.orderId)).execute()
  const confirmedOf = new Map(confirmedAt.map((r) => [r.order_id, r.updated_at.getTime()]))
  const dbSaga = payments.map((p) => confirmedOf.get(p.order_id)! - p.created_at.getTime())

  console.log(`\n${SAGAS} sagas, concurrency ${CONCURRENCY}, status polled every ${POLL_MS} ms\n`)
  console.log(`${'measure'.padEnd(46)} ${'n'.padStart(5)} ${'p50'.padStart(8)} ${'p90'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)} ${'mean'.padStart(8)}  (ms)`)
  const row = (label: string, values: number[]) => console.log(`${label.padEnd(46)} ${String(values.length).padStart(5)} ${ms(pct(values, 50))} ${ms(pct(values, 90))} ${ms(pct(values, 99))} ${ms(Math.max(...values))} ${ms(mean(values))}`)
  for (const [label, values] of Object.entries(hops)) row(label, values)
  row('hold: POST /reservations → HELD (HTTP)', holdMs)
  row('payment saga: POST /payments → CONFIRMED (HTTP)', sagaMs)
  row('payment saga in the DB: payment row → CONFIRMED', dbSaga)

  const paymentHops = Object.entries(hops).filter(([label]) => /PaymentRequested|OrderStatusUpdated|PaymentCompleted|PointDeducted/.test(label))
  const hopsP50 = paymentHops.reduce((sum, [, v]) => sum + pct(v, 50), 0)
  const sagaP50 = pct(sagaMs, 50)
  const dbP50 = pct(dbSaga, 50)
  console.log(`\nWhat dominated the payment saga (p50 ${sagaP50.toFixed(1)} ms over HTTP, ${dbP50.toFixed(1)} ms in the DB):`)
  for (const [label, values] of paymentHops) console.log(`  ${label.padEnd(44)} p50 ${pct(values, 50).toFixed(1).padStart(7)} ms  ${((100 * pct(values, 50)) / sagaP50).toFixed(0).padStart(3)} %`)
  console.log(`  ${'4 event hops (commit → consumer), sum of p50s'.padEnd(44)}     ${hopsP50.toFixed(1).padStart(7)} ms  ${((100 * hopsP50) / sagaP50).toFixed(0).padStart(3)} %`)
  console.log(`  ${'the rest: handlers (incl. gateway authorization), HTTP, polling'.padEnd(44)}     ${(sagaP50 - hopsP50).toFixed(1).padStart(7)} ms  ${((100 * (sagaP50 - hopsP50)) / sagaP50).toFixed(0).padStart(3)} %`)
} finally {
  await system.stop()
  await stack.close()
}
