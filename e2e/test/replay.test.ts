/**
 * Saga 7: re-consuming every topic from the beginning changes nothing. After a mix of sagas (paid,
 * declined for points, cancelled, rejected, still held), every service stops, every consumer group
 * `<service>.<topic>` is reset to the earliest offset, the services start again and consume
 * everything again; once caught up (lag 0), the domain tables are identical to before.
 *
 * Needs every group free of members: it cannot run while a developer's `pnpm start` consumes.
 */
import t from 'tap'
import { eventually } from '../src/api.ts'
import { startSystem } from '../src/fixture.ts'
import { drain, snapshot } from '../src/invariants.ts'

const sys = await startSystem(t, { label: 'replay' })

t.test('re-consuming every topic from the beginning changes no row', async (t) => {
  const show = await sys.admin.createShow()
  const [paid, poor, canceller, holder] = [await sys.api.signUp('paid'), await sys.api.signUp('poor'), await sys.api.signUp('cancel'), await sys.api.signUp('holder')]
  await paid.charge(100_000)
  await poor.charge(1)

  const reserve = async (fan: typeof paid, seatIds: number[]) => {
    const token = await fan.admitted(show.performanceId)
    const r = await fan.reserve(show.scheduleId, seatIds, token.admissionToken)
    await fan.waitReservation(r.reservationId, 'HELD')
    return r
  }
  const s = show.seats.map((x) => x.seatId)
  const a = await reserve(paid, [s[0]!, s[1]!])
  const pa = await paid.pay(a.orderId)
  await paid.waitReservation(a.reservationId, 'CONFIRMED')
  const b = await reserve(poor, [s[2]!])
  const pb = await poor.pay(b.orderId)
  await poor.waitPayment(pb.paymentId, 'CANCELLED')
  const c = await reserve(canceller, [s[3]!])
  t.equal((await canceller.cancelRaw(c.reservationId)).status, 200, 'cancelled')
  await reserve(holder, [s[4]!])
  // Concert refuses an unknown seat. The canceller asks: its admission's hold was released, so it may
  // hold again (the holder's admission has a live hold: 409 HOLD_EXISTS).
  const unknown = await canceller.reserveRaw(show.scheduleId, [2_000_000_001], (await canceller.admitted(show.performanceId)).admissionToken)
  t.equal(unknown.status, 201, `order-service accepts it, concert decides: ${JSON.stringify(unknown.body)}`)
  if (unknown.status === 201) await canceller.waitReservation((unknown.body as { reservationId: string }).reservationId, 'CANCELLED')
  await eventually('payment-side settled', () => paid.payment(pa.paymentId), (p) => p.status === 'COMPLETED')

  await sys.settle(t, 'invariants hold before the replay')
  const before = await snapshot(sys.stack, sys.api.scope)
  t.ok(before['order.reservation']!.length >= 4, `snapshot has the reservations (${before['order.reservation']!.length})`)

  await sys.system.stopBackend()
  // A group can only be reset without members; other copies of a service (a developer's
  // `pnpm start`, another package's tests running consumers) must be gone first.
  const busy = await eventually('every consumer group without members', () => sys.stack.activeGroups(), (g) => g.length === 0, { timeoutMs: 90_000, intervalMs: 1000 }).catch((e: Error) => e.message)
  t.same(busy, [], 'no consumer group has members (no other instance is consuming)')
  if (busy.length) return
  await sys.stack.resetAllGroupsToEarliest()
  const lag = await sys.stack.consumerLag()
  t.ok(Object.values(lag).some((n) => n > 0), `the groups are behind again (${Object.values(lag).reduce((x, y) => x + y, 0)} records to re-consume)`)

  const replayStart = new Date()
  await sys.system.startBackend()
  await drain(sys.stack, sys.since, 180_000)
  const after = await snapshot(sys.stack, sys.api.scope)
  for (const table of Object.keys(before)) t.same(after[table], before[table], `${table} unchanged by the replay`)

  // Nothing new was written either: no saga of this file got another event from the replay. (Scoped to
  // this file's reservations and orders: other packages' tests write to the same databases meanwhile,
  // and the sweeper may expire someone else's stale hold.)
  const mine = await sys.stack.db.order.selectFrom('reservation').select(['id', 'order_id']).where('user_id', 'in', [...sys.api.scope.users]).execute()
  const aggregates = mine.flatMap((r: { id: string; order_id: string }) => [r.id, r.order_id])
  for (const service of ['user', 'concert', 'order', 'payment', 'review'] as const) {
    const rows = await sys.stack.db[service].selectFrom('outbox').select(['type', 'aggregateid', 'created_at'])
      .where('created_at', '>=', replayStart).where('aggregateid', 'in', aggregates).execute()
    t.same(rows, [], `${service}: the replay appended no event to this file's sagas`)
  }
  await sys.settle(t, 'invariants hold after the replay')
})
