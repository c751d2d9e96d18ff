/**
 * `pnpm ops trace` and `pnpm ops check` against a real system, run as the CLI an SRE types: a payment
 * saga and a refund traced step by step (by reservation, payment, user and trace id), a consumer
 * switched off named as the stuck step, the invariants passing on this file's data and a violation
 * planted in the database reported with its ids (exit 1).
 */
import t from 'tap'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { eventually, type Show } from '../src/api.ts'
import { startSystem } from '../src/fixture.ts'
import { SERVICE_DBS } from '../src/stack.ts'
import { deleteExpiredOutboxRows } from '@concert/outbox'
import { sql } from 'kysely'

const sys = await startSystem(t, { label: 'ops' })
const root = fileURLToPath(new URL('../..', import.meta.url))

/** `pnpm ops …` as a child process: exit code and output. */
function ops(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/src/ops.ts', ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }))
  })
}
interface Traced {
  kind: string
  sagas: Array<{ reservationId: string; terminal: boolean; stuck: string[]; state: { reservation: string; order: string }; events: Array<{ type: string; service: string; traceId: string | null; consumers: Array<{ consumer: string; outcome: string; latencyMs?: number }> }> }>
}
const trace = async (id: string, ...more: string[]) => {
  const r = await ops('trace', id, '--json', ...more)
  return { code: r.code, out: JSON.parse(r.stdout) as Traced, stderr: r.stderr }
}

async function buy(show: Show, seatIds: number[], name: string) {
  const fan = await sys.api.signUp(name)
  await fan.charge(100_000)
  const token = await fan.admitted(show.performanceId)
  const created = await fan.reserve(show.scheduleId, seatIds, token.admissionToken)
  await fan.waitReservation(created.reservationId, 'HELD')
  const payment = await fan.pay(created.orderId)
  await fan.waitReservation(created.reservationId, 'CONFIRMED')
  return { fan, reservationId: created.reservationId, orderId: created.orderId, paymentId: payment.paymentId }
}

const PAYMENT_SAGA = ['SeatReservedEvent', 'ReservationConfirmedEvent', 'PaymentRequestedEvent', 'OrderStatusUpdatedEvent', 'PaymentCompletedEvent', 'PointDeductedEvent', 'ReservationPaidEvent']
/** payment and concert answer the RefundRequestedEvent concurrently: their two answers come in either order */
const REFUND_SAGA = ['RefundRequestedEvent', 'PaymentRefundedEvent', 'RefundSeatsReleasedEvent']
const steps = (types: string[]) => [...types.slice(0, PAYMENT_SAGA.length + 1), ...types.slice(PAYMENT_SAGA.length + 1).sort()]

t.test('trace shows every step of a payment saga and of its refund', async (t) => {
  const show = await sys.admin.createShow({ startsAt: new Date(Date.now() + 3 * 86_400_000) })
  const b = await buy(show, [show.seats[0]!.seatId, show.seats[1]!.seatId], 'trace')
  await sys.settle(t, 'drained before tracing')

  const paid = await trace(b.reservationId)
  t.equal(paid.code, 0, `exit 0 ${paid.stderr}`)
  t.equal(paid.out.kind, 'reservation')
  const [saga] = paid.out.sagas
  t.same(saga!.events.map((e) => e.type), PAYMENT_SAGA, 'every step of the payment saga, in time order')
  t.ok(saga!.events.every((e) => e.consumers.length > 0 && e.consumers.every((c) => c.outcome === 'applied' && (c.latencyMs ?? -1) >= 0)), 'each consumer applied each event, with its hop latency')
  t.same(saga!.events.find((e) => e.type === 'ReservationPaidEvent')!.consumers.map((c) => c.consumer).sort(), ['concert', 'payment', 'review', 'user'])
  t.match(saga, { terminal: true, stuck: [], state: { reservation: 'CONFIRMED', order: 'PAID' } })

  for (const [id, kind] of [[b.paymentId, 'payment'], [b.orderId, 'order'], [b.fan.userId, 'user'], [saga!.events[2]!.traceId!, 'trace']] as const) {
    const other = await trace(id)
    t.equal(other.out.kind, kind, `${kind} id resolves`)
    t.ok(other.out.sagas.some((s) => s.reservationId === b.reservationId), `${kind} id finds the same saga`)
  }
  const text = await ops('trace', b.reservationId)
  t.match(text.stdout, /ReservationPaidEvent[\s\S]*→ review\s+applied[\s\S]*✓ terminal: CONFIRMED \/ PAID/, 'readable table')

  const cancelled = await b.fan.cancellationRaw(b.reservationId)
  t.equal(cancelled.status, 202, 'refund requested')
  await eventually('order REFUNDED', () => b.fan.reservation(b.reservationId), (r) => r.orderStatus === 'REFUNDED')
  await sys.settle(t, 'refund drained')
  const refunded = await trace(b.reservationId)
  t.equal(refunded.code, 0)
  t.same(steps(refunded.out.sagas[0]!.events.map((e) => e.type)), [...PAYMENT_SAGA, ...REFUND_SAGA], 'the refund follows the payment in the same timeline')
  const refundRequested = refunded.out.sagas[0]!.events.find((e) => e.type === 'RefundRequestedEvent')!
  t.same(refundRequested.consumers.map((c) => c.consumer).sort(), ['concert', 'payment', 'review'], 'payment, concert and review each answered the refund')
  t.match(refunded.out.sagas[0], { terminal: true, stuck: [], state: { order: 'REFUNDED' } })

  // a week later: outbox retention has moved this saga's rows to the journal; the timeline is unchanged
  const ids = refunded.out.sagas[0]!.events.map((e) => (e as unknown as { id: string }).id)
  for (const service of SERVICE_DBS) {
    const db = sys.stack.db[service]
    await sql`UPDATE outbox SET created_at = created_at - INTERVAL 200 HOUR WHERE id IN (${sql.join(ids)})`.execute(db)
    await sql`UPDATE processed_event SET processed_at = processed_at - INTERVAL 200 HOUR WHERE event_id IN (${sql.join(ids)})`.execute(db)
    await deleteExpiredOutboxRows(db, 168)
  }
  const later = await trace(b.reservationId)
  t.equal(later.code, 0)
  const events = later.out.sagas[0]!.events as unknown as Array<{ type: string; from: string; consumers: Array<{ outcome: string }> }>
  t.same(events.map((e) => e.type), refunded.out.sagas[0]!.events.map((e) => e.type), 'the same steps after retention')
  t.ok(events.every((e) => e.from === 'journal' && e.consumers.every((c) => c.outcome === 'applied')), 'read from the journal, every outcome kept')
  t.equal(later.out.sagas[0]!.terminal, true)
})

t.test('trace names the stuck step when a consumer is stopped', async (t) => {
  const show = await sys.admin.createShow()
  await sys.system.restartService('review', { EVENT_CONSUMERS_ENABLED: 'false' })
  t.teardown(() => sys.system.restartService('review'))
  const b = await buy(show, [show.seats[2]!.seatId], 'stuck')
  await eventually('seat SOLD', () => sys.api.seats(show.scheduleId), (s) => s.find((x) => x.seatId === show.seats[2]!.seatId)?.status === 'SOLD')
  const stuck = await eventually('review named as stuck', () => trace(b.reservationId, '--deadline', '1'), (r) => r.out.sagas[0]!.stuck.length > 0)
  t.equal(stuck.code, 1, 'exit 1 while stuck')
  const paidEvent = stuck.out.sagas[0]!.events.find((e) => e.type === 'ReservationPaidEvent')!
  t.match(paidEvent.consumers.find((c) => c.consumer === 'review'), { outcome: 'pending' })
  t.match(stuck.out.sagas[0]!.stuck, [/^review has not applied ReservationPaidEvent /], 'the stuck step: review has not applied ReservationPaidEvent')
  t.equal(stuck.out.sagas[0]!.terminal, false)
  const text = await ops('trace', b.reservationId, '--deadline', '1')
  t.match(text.stdout, /✗ stuck: review has not applied ReservationPaidEvent/)

  await sys.system.restartService('review')
  const done = await eventually('review applies it once back', () => trace(b.reservationId), (r) => r.out.sagas[0]!.terminal)
  t.equal(done.code, 0)
  await sys.settle(t)
})

t.test('ops check passes on this system and reports a violation planted in the database', async (t) => {
  await sys.settle(t)
  const scope = () => [
    ...[...sys.api.scope.schedules].flatMap((s) => ['--schedule', s]),
    ...[...sys.api.scope.users].flatMap((u) => ['--user', u]),
    '--since', sys.since.toISOString(),
  ]
  const dlqNoise = (out: string) => out.split('\n').filter((l) => /^(seats|sold|refunds|points|availability|caches|events|reservations) /.test(l))
  const healthy = await ops('check', ...scope(), '--recheck', '1')
  t.same(dlqNoise(healthy.stdout), [], `no violation on this file's data:\n${healthy.stdout}`)
  if (!/dlq\s/.test(healthy.stdout)) {
    t.equal(healthy.code, 0, 'exit 0')
    t.match(healthy.stdout, /✓ every invariant holds/)
  }

  // plant: points that came from nowhere, and a seat SOLD to nobody
  const [userId] = [...sys.api.scope.users]
  const [scheduleId] = [...sys.api.scope.schedules]
  const seat = await sys.stack.db.concert.selectFrom('seat').select(['id', 'status']).where('schedule_id', '=', scheduleId!).where('status', '=', 'AVAILABLE').executeTakeFirstOrThrow()
  await sys.stack.db.payment.updateTable('point').set((eb: any) => ({ balance: eb('balance', '+', 7) })).where('user_id', '=', userId!).execute()
  await sys.stack.db.concert.updateTable('seat').set({ status: 'SOLD' }).where('id', '=', seat.id).execute()
  t.teardown(async () => {
    await sys.stack.db.payment.updateTable('point').set((eb: any) => ({ balance: eb('balance', '-', 7) })).where('user_id', '=', userId!).execute()
    await sys.stack.db.concert.updateTable('seat').set({ status: 'AVAILABLE' }).where('id', '=', seat.id).execute()
  })
  const broken = await ops('check', ...scope(), '--recheck', '1')
  t.equal(broken.code, 1, 'exit 1')
  t.match(broken.stdout, new RegExp(`points\\s+user ${userId}: balance \\d+, but charges`), 'the user and the balance that does not add up')
  t.match(broken.stdout, new RegExp(`SOLD seat ${seat.id} has 0 CONFIRMED reservations`), 'the seat sold to nobody')
  const json = await ops('check', ...scope(), '--recheck', '0', '--json')
  const report = JSON.parse(json.stdout) as { ok: boolean; violations: Array<{ check: string; message: string }> }
  t.equal(report.ok, false)
  t.ok(report.violations.some((v) => v.check === 'points' && v.message.includes(userId!)), '--json names the check and the ids')
})
