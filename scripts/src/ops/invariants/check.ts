/**
 * SPEC §7 invariants, read directly from the services' databases and Redis: one implementation for
 * the e2e suite (after draining, scoped to what a test file created) and `pnpm ops check` (the whole
 * live system). Each violation names the ids involved; `at` is when those rows last changed, so a
 * live check can tell a saga still in flight (younger than its deadline) from a stuck one.
 */
import { sql } from 'kysely'
import type { Source } from './model.ts'
import { unconsumedEvents } from './events.ts'
import { concertCache, holdBoard, paymentCache, reviewCache } from './caches.ts'

export interface Violation {
  /** which invariant */
  check: 'events' | 'seats' | 'reservations' | 'sold' | 'refunds' | 'points' | 'availability' | 'caches' | 'dlq'
  message: string
  /** when the rows involved last changed; live checks ignore a violation younger than the deadline */
  at?: Date
}

/** What to look at: a test's users and schedules, or the whole system. */
export type CheckScope = { users: Iterable<string>; schedules: Iterable<string> } | 'all'

export interface CheckOptions {
  /** outbox rows from this time on (e2e: the file's start); default every retained row */
  since?: Date
  /**
   * Live mode: a state a saga passes through (PENDING, PAYMENT_PROCESSING, REQUESTED, an event not
   * applied yet, a pair of states between two hops) is a violation only once its rows are older than
   * this. Unset (e2e, after draining): every such state is a violation.
   */
  deadlineMs?: number
}

const latest = (...dates: Array<Date | null | undefined>): Date | undefined => {
  const ms = dates.filter((d): d is Date => d instanceof Date).map((d) => d.getTime())
  return ms.length ? new Date(Math.max(...ms)) : undefined
}
const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => m.set(k, [...(m.get(k) ?? []), v])

export async function findViolations(src: Source, scope: CheckScope, options: CheckOptions = {}): Promise<Violation[]> {
  const out: Violation[] = []
  const add = (check: Violation['check'], message: string, at?: Date) => out.push(at ? { check, message, at } : { check, message })
  const { concert, order, payment } = src.db
  const all = scope === 'all'
  const now = Date.now()

  // ---- every event of the saga was applied by its consumer(s) ----------------------------------
  for (const e of await unconsumedEvents(src, options.since)) {
    add('events', `event ${e.type} ${e.id} from ${e.service} (key ${e.aggregateid}) not in processed_event of ${e.missing.join(', ')}`, e.created_at)
  }

  const schedules: string[] = all
    ? (await concert.selectFrom('seat_availability').select('schedule_id').execute()).map((r: { schedule_id: string }) => r.schedule_id)
    : [...scope.schedules]
  const users: string[] = all
    ? (await sql<{ user_id: string }>`SELECT user_id FROM point UNION SELECT user_id FROM point_transaction`.execute(payment)).rows.map((r) => r.user_id)
    : [...scope.users]
  // in 'all' mode no IN list: every row is in scope
  const within = (qb: any, column: string, list: string[]) => (all ? qb : qb.where(column, 'in', list))

  if (schedules.length) {
    // ---- seats: concert vs order holds ------------------------------------------------------------
    const seats: Array<{ id: number; schedule_id: string; status: string; reservation_id: string | null }> = await within(concert.selectFrom('seat')
      .select(['id', 'schedule_id', 'status', 'reservation_id']), 'schedule_id', schedules).execute()
    const holds: Array<{ schedule_id: string; seat_id: number; reservation_id: string; status: string; expires_at: Date }> = await within(order.selectFrom('seat_reservation')
      .select(['schedule_id', 'seat_id', 'reservation_id', 'status', 'expires_at']), 'schedule_id', schedules).execute()
    const reservations: Array<{ id: string; order_id: string; status: string; order_status: string; user_id: string; amount: number | null; updated_at: Date; order_updated_at: Date }> =
      await within(order.selectFrom('reservation as r').innerJoin('orders as o', 'o.id', 'r.order_id')
        .select(['r.id', 'r.order_id', 'r.status', 'o.status as order_status', 'r.user_id', 'o.amount', 'r.updated_at', 'o.updated_at as order_updated_at']), 'r.schedule_id', schedules).execute()
    const reservationOf = new Map(reservations.map((r) => [r.id, r]))
    const changedAt = (reservationId: string | null | undefined) => {
      const r = reservationId ? reservationOf.get(reservationId) : undefined
      return r ? latest(r.updated_at, r.order_updated_at) : undefined
    }
    const holdOf = new Map(holds.map((h) => [`${h.schedule_id}:${h.seat_id}`, h]))
    const seatOf = new Map(seats.map((s) => [`${s.schedule_id}:${s.id}`, s]))
    for (const seat of seats) {
      const hold = holdOf.get(`${seat.schedule_id}:${seat.id}`)
      const at = latest(changedAt(seat.reservation_id), changedAt(hold?.reservation_id))
      if (seat.status === 'AVAILABLE') {
        if (seat.reservation_id) add('seats', `seat ${seat.id} AVAILABLE but carries reservation ${seat.reservation_id}`, at)
        if (hold) add('seats', `seat ${seat.id} AVAILABLE in concert but ${hold.status} by reservation ${hold.reservation_id} in order`, at)
      } else {
        if (!seat.reservation_id) add('seats', `seat ${seat.id} ${seat.status} without a reservation`, at)
        if (!hold) add('seats', `seat ${seat.id} ${seat.status} (reservation ${seat.reservation_id}) in concert but has no hold in order`, at)
        else if (hold.reservation_id !== seat.reservation_id || hold.status !== seat.status) {
          add('seats', `seat ${seat.id}: concert says ${seat.status} for ${seat.reservation_id}, order says ${hold.status} for ${hold.reservation_id}`, at)
        }
      }
    }
    for (const hold of holds) {
      if (!seatOf.has(`${hold.schedule_id}:${hold.seat_id}`)) add('seats', `hold on seat ${hold.seat_id} of schedule ${hold.schedule_id}: no such seat in concert`)
    }

    // ---- no seat in two live reservations ---------------------------------------------------------
    const live: Array<{ schedule_id: string; seat_id: number; n: number; ids: string }> = await within(order.selectFrom('reservation_item as ri')
      .innerJoin('reservation as r', 'r.id', 'ri.reservation_id')
      .select(['r.schedule_id', 'ri.seat_id', sql<number>`count(*)`.as('n'), sql<string>`group_concat(r.id)`.as('ids')]), 'r.schedule_id', schedules)
      .where('r.status', 'in', ['PENDING', 'HELD', 'CONFIRMED'])
      .groupBy(['r.schedule_id', 'ri.seat_id']).having(sql`count(*)`, '>', 1).execute()
    for (const row of live) add('seats', `seat ${row.seat_id} is in ${row.n} live reservations: ${row.ids}`)

    // ---- holds match reservation states -----------------------------------------------------------
    const holdsByReservation = new Map<string, typeof holds>()
    for (const h of holds) push(holdsByReservation, h.reservation_id, h)
    // A refund ends CANCELLED/REFUNDED; REFUND_REQUESTED after draining is a refund saga stuck half-way.
    const pairs: Record<string, string[]> = {
      PENDING: ['PENDING'], HELD: ['PENDING', 'PAYMENT_PROCESSING'], CONFIRMED: ['PAID'], CANCELLED: ['CANCELLED', 'REFUNDED'], EXPIRED: ['CANCELLED'],
    }
    for (const r of reservations) {
      const at = latest(r.updated_at, r.order_updated_at)
      const mine = holdsByReservation.get(r.id) ?? []
      const expected = r.status === 'CONFIRMED' ? 'SOLD' : r.status === 'PENDING' || r.status === 'HELD' ? 'HELD' : undefined
      if (!expected && mine.length) add('reservations', `reservation ${r.id} is ${r.status} but still holds seats ${mine.map((h) => h.seat_id).join(',')}`, at)
      for (const h of mine) if (expected && h.status !== expected) add('reservations', `reservation ${r.id} is ${r.status} but seat ${h.seat_id} is ${h.status}`, at)
      // After draining, PENDING means concert never answered.
      if (r.status === 'PENDING') add('reservations', `reservation ${r.id} still PENDING after draining (concert never confirmed or rolled back)`, at)
      if (!pairs[r.status]?.includes(r.order_status)) add('reservations', `reservation ${r.id} is ${r.status} with order ${r.order_id} ${r.order_status}`, at)
      if (r.order_status === 'PAYMENT_PROCESSING') add('reservations', `order ${r.order_id} still PAYMENT_PROCESSING after draining`, at)
    }

    // ---- every SOLD seat: one CONFIRMED reservation, one PAID order, one COMPLETED payment ---------
    const confirmedBySeat = new Map<string, string[]>()
    const items: Array<{ reservation_id: string; seat_id: number; schedule_id: string }> = await within(order.selectFrom('reservation_item as ri')
      .innerJoin('reservation as r', 'r.id', 'ri.reservation_id')
      .select(['ri.reservation_id', 'ri.seat_id', 'r.schedule_id']), 'r.schedule_id', schedules)
      .where('r.status', '=', 'CONFIRMED').execute()
    for (const i of items) push(confirmedBySeat, `${i.schedule_id}:${i.seat_id}`, i.reservation_id)
    const orderIds = reservations.map((r) => r.order_id)
    const payments: Array<{ id: string; order_id: string; status: string; amount: number | null; user_id: string; updated_at: Date }> = []
    if (all) payments.push(...await payment.selectFrom('payment').select(['id', 'order_id', 'status', 'amount', 'user_id', 'updated_at']).execute())
    else for (let i = 0; i < orderIds.length; i += 1000) {
      payments.push(...await payment.selectFrom('payment').select(['id', 'order_id', 'status', 'amount', 'user_id', 'updated_at']).where('order_id', 'in', orderIds.slice(i, i + 1000)).execute())
    }
    const reservationOfOrder = new Map(reservations.map((r) => [r.order_id, r]))
    const completedByOrder = new Map<string, string[]>()
    for (const p of payments) if (p.status === 'COMPLETED') push(completedByOrder, p.order_id, p.id)
    for (const seat of seats) {
      if (seat.status !== 'SOLD') continue
      const confirmed = confirmedBySeat.get(`${seat.schedule_id}:${seat.id}`) ?? []
      const at = changedAt(seat.reservation_id)
      if (confirmed.length !== 1) { add('sold', `SOLD seat ${seat.id} has ${confirmed.length} CONFIRMED reservations`, at); continue }
      if (confirmed[0] !== seat.reservation_id) add('sold', `SOLD seat ${seat.id} is sold to ${seat.reservation_id} but CONFIRMED in ${confirmed[0]}`, at)
      const r = reservationOf.get(confirmed[0]!)!
      if (r.order_status !== 'PAID') add('sold', `SOLD seat ${seat.id}: order ${r.order_id} is ${r.order_status}, not PAID`, at)
      const completed = completedByOrder.get(r.order_id) ?? []
      if (completed.length !== 1) add('sold', `SOLD seat ${seat.id}: order ${r.order_id} has ${completed.length} COMPLETED payments`, at)
    }
    const paymentAt = new Map<string, Date>()
    for (const p of payments) paymentAt.set(p.order_id, latest(paymentAt.get(p.order_id), p.updated_at)!)
    for (const r of reservations) {
      const at = latest(r.updated_at, r.order_updated_at, paymentAt.get(r.order_id))
      const completed = completedByOrder.get(r.order_id) ?? []
      if (completed.length > 1) add('sold', `order ${r.order_id} has ${completed.length} COMPLETED payments`, at)
      if (completed.length === 1 && r.order_status !== 'PAID') add('sold', `order ${r.order_id} is ${r.order_status} but payment ${completed[0]} is COMPLETED`, at)
      if (r.order_status === 'PAID' && completed.length !== 1) add('sold', `order ${r.order_id} PAID with ${completed.length} COMPLETED payments`, at)
    }
    for (const p of payments) if (p.status === 'REQUESTED') add('sold', `payment ${p.id} still REQUESTED after draining`, p.updated_at)

    // ---- refunds reverse all three: order REFUNDED ⇔ one REFUNDED payment, seats free (checked above) --
    const refundedByOrder = new Map<string, string[]>()
    for (const p of payments) if (p.status === 'REFUNDED') push(refundedByOrder, p.order_id, p.id)
    for (const r of reservations) {
      const at = latest(r.updated_at, r.order_updated_at, paymentAt.get(r.order_id))
      const refunded = refundedByOrder.get(r.order_id) ?? []
      if (r.order_status === 'REFUNDED' && refunded.length !== 1) add('refunds', `order ${r.order_id} REFUNDED with ${refunded.length} REFUNDED payments`, at)
      if (refunded.length > 0 && r.order_status !== 'REFUNDED') add('refunds', `order ${r.order_id} is ${r.order_status} but payment ${refunded[0]} is REFUNDED`, at)
    }

    // ---- points used exactly once for a PAID order, refunded otherwise ----------------------------
    const linksByPayment = new Map<string, Array<{ type: string; amount: number }>>()
    for (let i = 0; i < payments.length; i += 1000) {
      const links: Array<{ payment_id: string; type: string; amount: number }> = await payment.selectFrom('payment_point as pp')
        .innerJoin('point_transaction as t', 't.id', 'pp.point_transaction_id')
        .select(['pp.payment_id', 'pp.type', 't.amount'])
        .where('pp.payment_id', 'in', payments.slice(i, i + 1000).map((p) => p.id)).execute()
      for (const l of links) push(linksByPayment, l.payment_id, l)
    }
    for (const p of payments) {
      const o = reservationOfOrder.get(p.order_id)
      if (!o) continue // a payment for an order outside the scope (all: an order without a reservation row)
      const links = linksByPayment.get(p.id) ?? []
      const sum = (type: string) => links.filter((l) => l.type === type).reduce((s, l) => s + l.amount, 0)
      const kept = sum('USE') - sum('REFUND')
      const at = latest(p.updated_at, o.updated_at, o.order_updated_at)
      if (o.order_status === 'PAID' && p.status === 'COMPLETED' && kept !== o.amount) add('points', `PAID order ${p.order_id} (amount ${o.amount}): payment ${p.id} kept ${kept} points`, at)
      if (p.status !== 'COMPLETED' && kept !== 0) add('points', `payment ${p.id} is ${p.status} but kept ${kept} points (order ${p.order_id} ${o.order_status})`, at)
    }

    // ---- availability counts ----------------------------------------------------------------------
    // concert counts AVAILABLE seats from the seat rows (no counter row since concert migration 0004);
    // seat_availability keeps the total, and Redis's cached count is checked against MySQL below.
    const totals: Array<{ schedule_id: string; total_seats: number }> = await within(concert.selectFrom('seat_availability').selectAll(), 'schedule_id', schedules).execute()
    const total = new Map<string, number>()
    const available = new Map<string, number>()
    for (const s of seats) {
      total.set(s.schedule_id, (total.get(s.schedule_id) ?? 0) + 1)
      if (s.status === 'AVAILABLE') available.set(s.schedule_id, (available.get(s.schedule_id) ?? 0) + 1)
    }
    const counts = schedules.map((scheduleId) => ({ schedule_id: scheduleId, available_seats: available.get(scheduleId) ?? 0 }))
    const totalRow = new Map(totals.map((t) => [t.schedule_id, t]))
    for (const scheduleId of schedules) {
      const row = totalRow.get(scheduleId)
      const n = total.get(scheduleId) ?? 0
      if (!row) add('availability', `schedule ${scheduleId} has no seat_availability row`)
      else if (Number(row.total_seats) !== n) add('availability', `schedule ${scheduleId}: seat_availability says ${row.total_seats} seats in total, it has ${n}`)
    }

    // ---- Redis caches equal MySQL: seat maps, hold boards -----------------------------------------
    for (const m of await concertCache.check(src, schedules, seats, counts)) add('caches', m)
    for (const m of await holdBoard.check(src, schedules, holds)) add('caches', m)
  }

  // ---- points: charges − uses + refunds = balance ≥ 0 ---------------------------------------------
  if (users.length) {
    const balances: Array<{ user_id: string; balance: number; updated_at?: Date }> = []
    const sums = new Map<string, Record<string, number>>()
    for (let i = 0; i < users.length; i += 1000) {
      const part = users.slice(i, i + 1000)
      balances.push(...await within(payment.selectFrom('point').select(['user_id', 'balance']), 'user_id', part).execute())
      const rows: Array<{ user_id: string; type: string; total: number }> = await within(payment.selectFrom('point_transaction')
        .select(['user_id', 'type', sql<number>`sum(amount)`.as('total')]), 'user_id', part).groupBy(['user_id', 'type']).execute()
      for (const r of rows) sums.set(r.user_id, { ...(sums.get(r.user_id) ?? {}), [r.type]: Number(r.total) })
      if (all) break // one query covered every user
    }
    const balanceOf = new Map(balances.map((b) => [b.user_id, Number(b.balance)]))
    for (const userId of users) {
      const s = sums.get(userId) ?? {}
      const sum = (type: string) => s[type] ?? 0
      const expected = sum('CHARGE') - sum('USE') + sum('REFUND')
      const balance = balanceOf.get(userId) ?? 0
      if (balance !== expected) add('points', `user ${userId}: balance ${balance}, but charges ${sum('CHARGE')} − uses ${sum('USE')} + refunds ${sum('REFUND')} = ${expected}`)
      if (balance < 0) add('points', `user ${userId}: negative balance ${balance}`)
    }
    for (const m of await paymentCache.check(src, users, balances)) add('caches', m)
  }

  // ---- review's rating summaries equal MySQL --------------------------------------------------------
  if (all) for (const m of await reviewCache.check(src)) add('caches', m)

  const deadline = options.deadlineMs
  if (deadline === undefined) return out
  // live: a violation whose rows changed within the deadline may be a saga between two hops
  return out.filter((v) => !v.at || now - v.at.getTime() >= deadline)
}

/** New dead letters since `before` (offsets per DLQ topic, e2e: at the file's start). */
export function newDeadLetters(before: Record<string, number>, now: Record<string, number>): Violation[] {
  const out: Violation[] = []
  for (const [topic, n] of Object.entries(now)) {
    if (n > (before[topic] ?? 0)) out.push({ check: 'dlq', message: `${n - (before[topic] ?? 0)} new dead letter(s) on ${topic}` })
  }
  return out
}
