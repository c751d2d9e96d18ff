/**
 * A saga's timeline for `pnpm ops trace`: every event its reservation and order appended (live outbox
 * and the event journal retention moved them to), each consumer's outcome from processed_event (and
 * its journal), dead letters for what no consumer recorded, and where it is stuck, judged from the
 * saga state machines (SPEC §7 and the refund saga). Read-only.
 */
import { sql } from 'kysely'
import { isEventName, type EventName } from '@concert/outbox'
import { CONSUMERS, SERVICE_DBS, type ServiceDb, type Source } from '../invariants/model.ts'

export interface ConsumerOutcome {
  consumer: ServiceDb
  outcome: 'applied' | 'ignored' | 'dead-lettered' | 'pending'
  reason?: string
  at?: string
  /** append → this consumer recorded it */
  latencyMs?: number
}

export interface TimelineEvent {
  id: string
  type: string
  service: ServiceDb
  key: string
  at: string
  traceId: string | null
  /** outbox: still in the live table; journal: moved there by retention */
  from: 'outbox' | 'journal'
  payload: Record<string, unknown>
  consumers: ConsumerOutcome[]
}

export interface Saga {
  reservationId: string
  orderId: string
  userId: string
  state: { reservation: string; order: string; payments: Array<{ id: string; status: string }>; expiresAt: string }
  events: TimelineEvent[]
  terminal: boolean
  stuck: string[]
}

export type DeadLetterLookup = (events: Array<{ id: string; topic: string }>) => Promise<Map<string, { consumer: string; error: string; at: string }>>

/** What each step's consumer appends next when it applied the event (none of them: the saga stopped there). */
const NEXT: Partial<Record<EventName, Partial<Record<ServiceDb, EventName[]>>>> = {
  SeatReservedEvent: { concert: ['ReservationConfirmedEvent', 'ReservationRollbackEvent'] },
  PaymentRequestedEvent: { order: ['OrderStatusUpdatedEvent'] },
  OrderStatusUpdatedEvent: { payment: ['PaymentCompletedEvent', 'OrderRollbackEvent'] },
  PaymentCompletedEvent: { payment: ['PointDeductedEvent', 'PaymentRollbackEvent'] },
  PointDeductedEvent: { order: ['ReservationPaidEvent', 'PointRollbackEvent'] },
  RefundRequestedEvent: { payment: ['PaymentRefundedEvent'], concert: ['RefundSeatsReleasedEvent'] },
}

const traceIdOf = (tp: string | null) => (tp && /^00-[0-9a-f]{32}-/.test(tp) ? tp.slice(3, 35) : null)
const parse = (p: unknown): Record<string, unknown> => (typeof p === 'string' ? JSON.parse(p) : (p as Record<string, unknown>)) ?? {}
const missingTable = (e: unknown) => (e as { errno?: number }).errno === 1146

/** Rows of `table` (outbox or its journal), tolerating a journal that does not exist yet. */
async function rowsOf(src: Source, service: ServiceDb, table: 'outbox' | 'outbox_journal', where: ReturnType<typeof sql>) {
  try {
    const r = await sql<{ id: string; type: string; aggregateid: string; topic: string; payload: unknown; tracingspancontext: string | null; created_at: Date }>`
      SELECT id, type, aggregateid, topic, payload, tracingspancontext, created_at FROM ${sql.table(table)} WHERE ${where}`.execute(src.db[service])
    return r.rows
  } catch (e) {
    if (table === 'outbox_journal' && missingTable(e)) return []
    throw e
  }
}

export interface SagaRef {
  reservationId: string
  orderId: string
}

/** Which sagas an id belongs to: a reservation, order, payment, user (newest `limit`) or W3C trace id. */
export async function resolve(src: Source, id: string, limit = 10): Promise<{ kind: string; sagas: SagaRef[] }> {
  const order = src.db.order
  const byRes = (rows: Array<{ id: string; order_id: string }>) => rows.map((r) => ({ reservationId: r.id, orderId: r.order_id }))
  if (/^[0-9a-f]{32}$/i.test(id)) {
    const keys = new Set<string>()
    const like = `00-${id.toLowerCase()}-%`
    for (const s of SERVICE_DBS) {
      for (const t of ['outbox', 'outbox_journal'] as const) for (const r of await rowsOf(src, s, t, sql`tracingspancontext LIKE ${like}`)) keys.add(r.aggregateid)
    }
    if (!keys.size) return { kind: 'trace', sagas: [] }
    const rows = await order.selectFrom('reservation').select(['id', 'order_id']).where((eb: any) => eb.or([eb('id', 'in', [...keys]), eb('order_id', 'in', [...keys])])).execute()
    return { kind: 'trace', sagas: byRes(rows) }
  }
  let rows = await order.selectFrom('reservation').select(['id', 'order_id']).where('id', '=', id).execute()
  if (rows.length) return { kind: 'reservation', sagas: byRes(rows) }
  rows = await order.selectFrom('reservation').select(['id', 'order_id']).where('order_id', '=', id).execute()
  if (rows.length) return { kind: 'order', sagas: byRes(rows) }
  const pay = await src.db.payment.selectFrom('payment').select('order_id').where('id', '=', id).executeTakeFirst()
  if (pay) return { kind: 'payment', sagas: byRes(await order.selectFrom('reservation').select(['id', 'order_id']).where('order_id', '=', pay.order_id).execute()) }
  rows = await order.selectFrom('reservation').select(['id', 'order_id']).where('user_id', '=', id).orderBy('created_at', 'desc').limit(limit).execute()
  if (rows.length) return { kind: 'user', sagas: byRes(rows).reverse() }
  return { kind: 'unknown', sagas: [] }
}

export async function timeline(src: Source, ref: SagaRef, deadLetters: DeadLetterLookup, opts: { deadlineMs: number; now?: number }): Promise<Saga> {
  const now = opts.now ?? Date.now()
  const r = await src.db.order.selectFrom('reservation as r').innerJoin('orders as o', 'o.id', 'r.order_id')
    .select(['r.id', 'r.order_id', 'r.user_id', 'r.status', 'o.status as order_status', 'r.expires_at', 'r.created_at'])
    .where('r.id', '=', ref.reservationId).executeTakeFirstOrThrow()
  const payments: Array<{ id: string; status: string }> = await src.db.payment.selectFrom('payment').select(['id', 'status'])
    .where('order_id', '=', ref.orderId).orderBy('created_at').execute()
  const keys = [ref.reservationId, ref.orderId]
  // the live outbox has no index on aggregateid: its created_at index bounds the scan to the saga's lifetime
  const from = new Date(r.created_at.getTime() - 1000)
  const raw = new Map<string, TimelineEvent & { topic: string }>()
  for (const service of SERVICE_DBS) {
    const live = await rowsOf(src, service, 'outbox', sql`created_at >= ${from} AND aggregateid IN (${sql.join(keys)})`)
    const old = await rowsOf(src, service, 'outbox_journal', sql`aggregateid IN (${sql.join(keys)})`)
    for (const [rows, kind] of [[old, 'journal'], [live, 'outbox']] as const) {
      for (const e of rows) {
        raw.set(e.id, { id: e.id, type: e.type, service, key: e.aggregateid, topic: e.topic, at: e.created_at.toISOString(), traceId: traceIdOf(e.tracingspancontext), from: kind, payload: parse(e.payload), consumers: [] })
      }
    }
  }
  const events = [...raw.values()].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))
  // each consumer's outcome
  const outcomes = new Map<string, ConsumerOutcome>()
  const ids = events.map((e) => e.id)
  if (ids.length) {
    for (const consumer of SERVICE_DBS) {
      for (const table of ['processed_event_journal', 'processed_event'] as const) {
        let rows: Array<{ event_id: string; outcome: string; reason: string | null; processed_at: Date }> = []
        try {
          rows = (await sql<{ event_id: string; outcome: string; reason: string | null; processed_at: Date }>`SELECT event_id, outcome, reason, processed_at FROM ${sql.table(table)}
                 WHERE consumer = ${consumer} AND event_id IN (${sql.join(ids)})`.execute(src.db[consumer])).rows
        } catch (e) {
          if (!missingTable(e)) throw e
        }
        for (const p of rows) outcomes.set(`${p.event_id}:${consumer}`, { consumer, outcome: p.outcome as 'applied' | 'ignored', ...(p.reason ? { reason: p.reason } : {}), at: p.processed_at.toISOString() })
      }
    }
  }
  const unrecorded = events.filter((e) => isEventName(e.type) && CONSUMERS[e.type].some((c) => !outcomes.has(`${e.id}:${c}`)))
  const dead = unrecorded.length ? await deadLetters(unrecorded.map((e) => ({ id: e.id, topic: e.topic }))) : new Map()
  const stuck: string[] = []
  const age = (at: string) => now - Date.parse(at)
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`
  for (const e of events) {
    const consumers = isEventName(e.type) ? CONSUMERS[e.type] : []
    for (const c of consumers) {
      const o = outcomes.get(`${e.id}:${c}`)
      if (o) e.consumers.push({ ...o, latencyMs: Date.parse(o.at!) - Date.parse(e.at) })
      else {
        const d = dead.get(e.id)
        if (d && (d.consumer === c || d.consumer === '')) {
          e.consumers.push({ consumer: c, outcome: 'dead-lettered', reason: d.error, at: d.at })
          stuck.push(`${c} dead-lettered ${e.type} ${e.id}: ${d.error} (pnpm ops dlq list ${e.topic})`)
        } else {
          e.consumers.push({ consumer: c, outcome: 'pending' })
          if (age(e.at) >= opts.deadlineMs) stuck.push(`${c} has not applied ${e.type} ${e.id} (appended by ${e.service} ${secs(age(e.at))} ago)`)
        }
      }
    }
    // the next step: what the consumer that applied it should have appended
    const next = isEventName(e.type) ? NEXT[e.type] : undefined
    for (const [consumer, types] of Object.entries(next ?? {}) as Array<[ServiceDb, EventName[]]>) {
      const o = outcomes.get(`${e.id}:${consumer}`)
      if (o?.outcome !== 'applied') continue
      if (e.type === 'OrderStatusUpdatedEvent' && e.payload['status'] !== 'PAYMENT_PROCESSING') continue
      const came = events.some((f) => types.includes(f.type as EventName) && f.at >= e.at && f.service === consumer)
      if (!came && age(o.at!) >= opts.deadlineMs) stuck.push(`${consumer} applied ${e.type} ${e.id} ${secs(age(o.at!))} ago but never appended ${types.join(' or ')}`)
    }
  }
  // a hold past its expiry that the sweeper never expired
  if (r.status === 'HELD' && r.order_status === 'PENDING' && now - r.expires_at.getTime() >= opts.deadlineMs) {
    stuck.push(`reservation ${r.id} HELD ${secs(now - r.expires_at.getTime())} past its expiry: order's hold sweeper has not expired it`)
  }
  const settled =
    ['CANCELLED', 'EXPIRED'].includes(r.status) ||
    (r.status === 'CONFIRMED' && r.order_status === 'PAID') ||
    r.order_status === 'REFUNDED'
  const terminal = settled && stuck.length === 0 && events.every((e) => e.consumers.every((c) => c.outcome === 'applied' || c.outcome === 'ignored'))
  return {
    reservationId: r.id,
    orderId: r.order_id,
    userId: r.user_id,
    state: { reservation: r.status, order: r.order_status, payments, expiresAt: r.expires_at.toISOString() },
    events: events.map(({ topic: _t, ...e }) => e),
    terminal,
    stuck,
  }
}
