/**
 * SPEC §7 invariants, checked directly in the services' databases and Redis once events have
 * drained. Each check returns human-readable violations (empty = holds), scoped to what the test
 * file created (its users and schedules), so one file's leftovers never blame another.
 */
import { sql } from 'kysely'
import { EVENT_CATALOG, isEventName } from '@concert/outbox'
import { eventually, type Scope } from './api.ts'
import { CONSUMERS, SERVICE_DBS, type ServiceDb, type Stack } from './stack.ts'
import { concertCache, paymentCache } from './caches.ts'

export interface OutboxRow {
  service: ServiceDb
  id: string
  type: string
  aggregateid: string
  created_at: Date
}

/** Outbox rows written since `since` whose consumers have not all recorded them in processed_event. */
export async function unconsumedEvents(stack: Stack, since: Date): Promise<Array<OutboxRow & { missing: ServiceDb[] }>> {
  const rows: OutboxRow[] = []
  for (const service of SERVICE_DBS) {
    const r = await stack.db[service].selectFrom('outbox').select(['id', 'type', 'aggregateid', 'created_at'])
      .where('created_at', '>=', since).execute()
    rows.push(...r.map((row: Omit<OutboxRow, 'service'>) => ({ ...row, service })))
  }
  const byConsumer = new Map<ServiceDb, string[]>()
  for (const row of rows) {
    if (!isEventName(row.type)) continue
    for (const consumer of CONSUMERS[row.type]) {
      const list = byConsumer.get(consumer) ?? []
      list.push(row.id)
      byConsumer.set(consumer, list)
    }
  }
  const processed = new Set<string>()
  for (const [consumer, ids] of byConsumer) {
    for (let i = 0; i < ids.length; i += 500) {
      const found = await stack.db[consumer].selectFrom('processed_event').select('event_id')
        .where('consumer', '=', consumer).where('event_id', 'in', ids.slice(i, i + 500)).execute()
      for (const f of found) processed.add(`${consumer}:${f.event_id}`)
    }
  }
  const out: Array<OutboxRow & { missing: ServiceDb[] }> = []
  for (const row of rows) {
    const consumers = isEventName(row.type) ? CONSUMERS[row.type] : []
    const missing = consumers.filter((c) => !processed.has(`${c}:${row.id}`))
    if (!isEventName(row.type)) out.push({ ...row, missing: ['(unknown event type)' as ServiceDb] })
    else if (missing.length) out.push({ ...row, missing })
  }
  return out
}

/**
 * Waits until the system is quiet: every consumer group has lag 0 and every outbox row written since
 * `since` has been recorded in processed_event by each of its consumers (follow-ups are written in
 * the same transaction as processed_event, so this is a fixed point of the whole choreography).
 */
export async function drain(stack: Stack, since: Date, timeoutMs = 60_000): Promise<void> {
  await eventually('every consumer group at lag 0 and every outbox row consumed', async () => {
    const lag = await stack.consumerLag()
    const lagging = Object.entries(lag).filter(([, n]) => n > 0)
    const unconsumed = lagging.length ? [] : await unconsumedEvents(stack, since)
    return {
      lagging: Object.fromEntries(lagging),
      unconsumed: unconsumed.slice(0, 10).map((e) => `${e.service}:${e.type}:${e.id} (key ${e.aggregateid}) missing ${e.missing.join(',')}`),
      unconsumedCount: unconsumed.length,
    }
  }, (s) => Object.keys(s.lagging).length === 0 && s.unconsumedCount === 0, { timeoutMs, intervalMs: 200 })
}

const list = (values: Iterable<string>) => [...values]

/** Every invariant; returns violations (empty when all hold). `dlqBefore` from Stack.dlqOffsets() at file start. */
export async function checkInvariants(stack: Stack, scope: Scope, since: Date, dlqBefore?: Record<string, number>): Promise<string[]> {
  const violations: string[] = []
  const schedules = list(scope.schedules)
  const users = list(scope.users)
  const concert = stack.db.concert
  const order = stack.db.order
  const payment = stack.db.payment

  // ---- every event of the saga was applied by its consumer(s) ----------------------------------
  for (const e of await unconsumedEvents(stack, since)) {
    violations.push(`event ${e.type} ${e.id} from ${e.service} (key ${e.aggregateid}) not in processed_event of ${e.missing.join(', ')}`)
  }
  if (dlqBefore) {
    const now = await stack.dlqOffsets()
    for (const [topic, n] of Object.entries(now)) {
      if (n > (dlqBefore[topic] ?? 0)) violations.push(`${n - (dlqBefore[topic] ?? 0)} new dead letter(s) on ${topic}`)
    }
  }

  if (schedules.length) {
    // ---- seats: concert vs order holds ------------------------------------------------------------
    const seats: Array<{ id: number; schedule_id: string; status: string; reservation_id: string | null }> = await concert.selectFrom('seat')
      .select(['id', 'schedule_id', 'status', 'reservation_id']).where('schedule_id', 'in', schedules).execute()
    const holds: Array<{ schedule_id: string; seat_id: number; reservation_id: string; status: string }> = await order.selectFrom('seat_reservation')
      .select(['schedule_id', 'seat_id', 'reservation_id', 'status']).where('schedule_id', 'in', schedules).execute()
    const holdOf = new Map(holds.map((h) => [`${h.schedule_id}:${h.seat_id}`, h]))
    const seatOf = new Map(seats.map((s) => [`${s.schedule_id}:${s.id}`, s]))
    for (const seat of seats) {
      const hold = holdOf.get(`${seat.schedule_id}:${seat.id}`)
      if (seat.status === 'AVAILABLE') {
        if (seat.reservation_id) violations.push(`seat ${seat.id} AVAILABLE but carries reservation ${seat.reservation_id}`)
        if (hold) violations.push(`seat ${seat.id} AVAILABLE in concert but ${hold.status} by reservation ${hold.reservation_id} in order`)
      } else {
        if (!seat.reservation_id) violations.push(`seat ${seat.id} ${seat.status} without a reservation`)
        if (!hold) violations.push(`seat ${seat.id} ${seat.status} (reservation ${seat.reservation_id}) in concert but has no hold in order`)
        else if (hold.reservation_id !== seat.reservation_id || hold.status !== seat.status) {
          violations.push(`seat ${seat.id}: concert says ${seat.status} for ${seat.reservation_id}, order says ${hold.status} for ${hold.reservation_id}`)
        }
      }
    }
    for (const hold of holds) {
      if (!seatOf.has(`${hold.schedule_id}:${hold.seat_id}`)) violations.push(`hold on seat ${hold.seat_id} of schedule ${hold.schedule_id}: no such seat in concert`)
    }

    // ---- no seat in two live reservations ---------------------------------------------------------
    const live: Array<{ schedule_id: string; seat_id: number; n: number; ids: string }> = await order.selectFrom('reservation_item as ri')
      .innerJoin('reservation as r', 'r.id', 'ri.reservation_id')
      .select(['r.schedule_id', 'ri.seat_id', sql<number>`count(*)`.as('n'), sql<string>`group_concat(r.id)`.as('ids')])
      .where('r.schedule_id', 'in', schedules).where('r.status', 'in', ['PENDING', 'HELD', 'CONFIRMED'])
      .groupBy(['r.schedule_id', 'ri.seat_id']).having(sql`count(*)`, '>', 1).execute()
    for (const row of live) violations.push(`seat ${row.seat_id} is in ${row.n} live reservations: ${row.ids}`)

    // ---- holds match reservation states -----------------------------------------------------------
    const reservations: Array<{ id: string; order_id: string; status: string; order_status: string; user_id: string; amount: number | null }> = await order.selectFrom('reservation as r')
      .innerJoin('orders as o', 'o.id', 'r.order_id')
      .select(['r.id', 'r.order_id', 'r.status', 'o.status as order_status', 'r.user_id', 'o.amount'])
      .where('r.schedule_id', 'in', schedules).execute()
    const reservationOf = new Map(reservations.map((r) => [r.id, r]))
    const holdsByReservation = new Map<string, typeof holds>()
    for (const h of holds) holdsByReservation.set(h.reservation_id, [...(holdsByReservation.get(h.reservation_id) ?? []), h])
    for (const r of reservations) {
      const mine = holdsByReservation.get(r.id) ?? []
      const expected = r.status === 'CONFIRMED' ? 'SOLD' : r.status === 'PENDING' || r.status === 'HELD' ? 'HELD' : undefined
      if (!expected && mine.length) violations.push(`reservation ${r.id} is ${r.status} but still holds seats ${mine.map((h) => h.seat_id).join(',')}`)
      for (const h of mine) if (expected && h.status !== expected) violations.push(`reservation ${r.id} is ${r.status} but seat ${h.seat_id} is ${h.status}`)
      // After draining, PENDING means concert never answered.
      if (r.status === 'PENDING') violations.push(`reservation ${r.id} still PENDING after draining (concert never confirmed or rolled back)`)
      // A refund ends CANCELLED/REFUNDED; REFUND_REQUESTED after draining is a refund saga stuck half-way.
      const pairs: Record<string, string[]> = {
        PENDING: ['PENDING'], HELD: ['PENDING', 'PAYMENT_PROCESSING'], CONFIRMED: ['PAID'], CANCELLED: ['CANCELLED', 'REFUNDED'], EXPIRED: ['CANCELLED'],
      }
      if (!pairs[r.status]?.includes(r.order_status)) violations.push(`reservation ${r.id} is ${r.status} with order ${r.order_id} ${r.order_status}`)
      if (r.order_status === 'PAYMENT_PROCESSING') violations.push(`order ${r.order_id} still PAYMENT_PROCESSING after draining`)
    }

    // ---- every SOLD seat: one CONFIRMED reservation, one PAID order, one COMPLETED payment ---------
    const sold = seats.filter((s) => s.status === 'SOLD')
    const confirmedBySeat = new Map<string, string[]>()
    const items: Array<{ reservation_id: string; seat_id: number; schedule_id: string }> = await order.selectFrom('reservation_item as ri')
      .innerJoin('reservation as r', 'r.id', 'ri.reservation_id')
      .select(['ri.reservation_id', 'ri.seat_id', 'r.schedule_id'])
      .where('r.schedule_id', 'in', schedules).where('r.status', '=', 'CONFIRMED').execute()
    for (const i of items) confirmedBySeat.set(`${i.schedule_id}:${i.seat_id}`, [...(confirmedBySeat.get(`${i.schedule_id}:${i.seat_id}`) ?? []), i.reservation_id])
    const orderIds = reservations.map((r) => r.order_id)
    const payments: Array<{ id: string; order_id: string; status: string; amount: number | null; user_id: string }> = orderIds.length
      ? await payment.selectFrom('payment').select(['id', 'order_id', 'status', 'amount', 'user_id']).where('order_id', 'in', orderIds).execute()
      : []
    const completedByOrder = new Map<string, string[]>()
    for (const p of payments) if (p.status === 'COMPLETED') completedByOrder.set(p.order_id, [...(completedByOrder.get(p.order_id) ?? []), p.id])
    for (const seat of sold) {
      const confirmed = confirmedBySeat.get(`${seat.schedule_id}:${seat.id}`) ?? []
      if (confirmed.length !== 1) { violations.push(`SOLD seat ${seat.id} has ${confirmed.length} CONFIRMED reservations`); continue }
      if (confirmed[0] !== seat.reservation_id) violations.push(`SOLD seat ${seat.id} is sold to ${seat.reservation_id} but CONFIRMED in ${confirmed[0]}`)
      const r = reservationOf.get(confirmed[0]!)!
      if (r.order_status !== 'PAID') violations.push(`SOLD seat ${seat.id}: order ${r.order_id} is ${r.order_status}, not PAID`)
      const completed = completedByOrder.get(r.order_id) ?? []
      if (completed.length !== 1) violations.push(`SOLD seat ${seat.id}: order ${r.order_id} has ${completed.length} COMPLETED payments`)
    }
    for (const r of reservations) {
      const completed = completedByOrder.get(r.order_id) ?? []
      if (completed.length > 1) violations.push(`order ${r.order_id} has ${completed.length} COMPLETED payments`)
      if (completed.length === 1 && r.order_status !== 'PAID') violations.push(`order ${r.order_id} is ${r.order_status} but payment ${completed[0]} is COMPLETED`)
      if (r.order_status === 'PAID' && completed.length !== 1) violations.push(`order ${r.order_id} PAID with ${completed.length} COMPLETED payments`)
    }
    for (const p of payments) if (p.status === 'REQUESTED') violations.push(`payment ${p.id} still REQUESTED after draining`)

    // ---- refunds reverse all three: order REFUNDED ⇔ one REFUNDED payment, seats free (checked above) --
    const refundedByOrder = new Map<string, string[]>()
    for (const p of payments) if (p.status === 'REFUNDED') refundedByOrder.set(p.order_id, [...(refundedByOrder.get(p.order_id) ?? []), p.id])
    for (const r of reservations) {
      const refunded = refundedByOrder.get(r.order_id) ?? []
      if (r.order_status === 'REFUNDED' && refunded.length !== 1) violations.push(`order ${r.order_id} REFUNDED with ${refunded.length} REFUNDED payments`)
      if (refunded.length > 0 && r.order_status !== 'REFUNDED') violations.push(`order ${r.order_id} is ${r.order_status} but payment ${refunded[0]} is REFUNDED`)
    }

    // ---- points used exactly once for a PAID order, refunded otherwise ----------------------------
    if (payments.length) {
      const links: Array<{ payment_id: string; type: string; amount: number }> = await payment.selectFrom('payment_point as pp')
        .innerJoin('point_transaction as t', 't.id', 'pp.point_transaction_id')
        .select(['pp.payment_id', 'pp.type', 't.amount'])
        .where('pp.payment_id', 'in', payments.map((p) => p.id)).execute()
      const orderStatus = new Map(reservations.map((r) => [r.order_id, r]))
      for (const p of payments) {
        const uses = links.filter((l) => l.payment_id === p.id && l.type === 'USE')
        const refunds = links.filter((l) => l.payment_id === p.id && l.type === 'REFUND')
        const o = orderStatus.get(p.order_id)!
        const kept = uses.reduce((s, l) => s + l.amount, 0) - refunds.reduce((s, l) => s + l.amount, 0)
        if (o.order_status === 'PAID' && p.status === 'COMPLETED' && kept !== o.amount) violations.push(`PAID order ${p.order_id} (amount ${o.amount}): payment ${p.id} kept ${kept} points`)
        if (p.status !== 'COMPLETED' && kept !== 0) violations.push(`payment ${p.id} is ${p.status} but kept ${kept} points (order ${p.order_id} ${o.order_status})`)
      }
    }

    // ---- availability counts ----------------------------------------------------------------------
    // concert counts AVAILABLE seats from the seat rows (no counter row since concert migration 0004);
    // seat_availability keeps the total, and Redis's cached count is checked against MySQL below.
    const totals = (await concert.selectFrom('seat_availability').selectAll().where('schedule_id', 'in', schedules).execute()) as Array<{ schedule_id: string; total_seats: number }>
    const counts = schedules.map((scheduleId) => ({ schedule_id: scheduleId, available_seats: seats.filter((s) => s.schedule_id === scheduleId && s.status === 'AVAILABLE').length }))
    for (const scheduleId of schedules) {
      const total = seats.filter((s) => s.schedule_id === scheduleId).length
      const row = totals.find((c) => c.schedule_id === scheduleId)
      if (!row) violations.push(`schedule ${scheduleId} has no seat_availability row`)
      else if (Number(row.total_seats) !== total) violations.push(`schedule ${scheduleId}: seat_availability says ${row.total_seats} seats in total, it has ${total}`)
    }

    // ---- concert's Redis cache equals MySQL -------------------------------------------------------
    violations.push(...(await concertCache.check(stack, schedules, seats, counts)))
  }

  // ---- points: charges − uses + refunds = balance ≥ 0 ---------------------------------------------
  if (users.length) {
    const balances: Array<{ user_id: string; balance: number }> = await payment.selectFrom('point').select(['user_id', 'balance']).where('user_id', 'in', users).execute()
    const sums: Array<{ user_id: string; type: string; total: number }> = await payment.selectFrom('point_transaction')
      .select(['user_id', 'type', sql<number>`sum(amount)`.as('total')]).where('user_id', 'in', users).groupBy(['user_id', 'type']).execute()
    for (const userId of users) {
      const sum = (type: string) => Number(sums.find((s) => s.user_id === userId && s.type === type)?.total ?? 0)
      const expected = sum('CHARGE') - sum('USE') + sum('REFUND')
      const row = balances.find((b) => b.user_id === userId)
      const balance = row ? Number(row.balance) : 0
      if (balance !== expected) violations.push(`user ${userId}: balance ${balance}, but charges ${sum('CHARGE')} − uses ${sum('USE')} + refunds ${sum('REFUND')} = ${expected}`)
      if (balance < 0) violations.push(`user ${userId}: negative balance ${balance}`)
    }
    violations.push(...(await paymentCache.check(stack, users, balances)))
  }
  return violations
}

/** The domain tables a replay must not change, scoped to the file's users and schedules, as sorted JSON. */
export async function snapshot(stack: Stack, scope: Scope): Promise<Record<string, unknown[]>> {
  const schedules = list(scope.schedules)
  const users = list(scope.users)
  const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort()
  const out: Record<string, unknown[]> = {}
  const none = ['-']
  out['concert.seat'] = sorted(await stack.db.concert.selectFrom('seat').selectAll().where('schedule_id', 'in', schedules.length ? schedules : none).execute())
  out['concert.seat_availability'] = sorted(await stack.db.concert.selectFrom('seat_availability').selectAll().where('schedule_id', 'in', schedules.length ? schedules : none).execute())
  const u = users.length ? users : none
  out['order.orders'] = sorted(await stack.db.order.selectFrom('orders').selectAll().where('user_id', 'in', u).execute())
  out['order.reservation'] = sorted(await stack.db.order.selectFrom('reservation').selectAll().where('user_id', 'in', u).execute())
  out['order.seat_reservation'] = sorted(await stack.db.order.selectFrom('seat_reservation').selectAll().where('schedule_id', 'in', schedules.length ? schedules : none).execute())
  out['payment.payment'] = sorted(await stack.db.payment.selectFrom('payment').selectAll().where('user_id', 'in', u).execute())
  out['payment.point'] = sorted(await stack.db.payment.selectFrom('point').selectAll().where('user_id', 'in', u).execute())
  out['payment.point_transaction'] = sorted(await stack.db.payment.selectFrom('point_transaction').selectAll().where('user_id', 'in', u).execute())
  out['payment.notification'] = sorted(await stack.db.payment.selectFrom('notification').selectAll().where('user_id', 'in', u).execute())
  out['review.attendance'] = sorted(await stack.db.review.selectFrom('attendance').selectAll().where('user_id', 'in', u).execute())
  out['user.token'] = sorted(await stack.db.user.selectFrom('token').selectAll().where('user_id', 'in', u).execute())
  return out
}

export { EVENT_CATALOG }
