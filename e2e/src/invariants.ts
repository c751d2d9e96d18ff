/**
 * SPEC §7 invariants, checked directly in the services' databases and Redis once events have
 * drained. Each check returns human-readable violations (empty = holds), scoped to what the test
 * file created (its users and schedules), so one file's leftovers never blame another. The checks
 * themselves live in @concert/scripts/invariants, shared with `pnpm ops check`; this module adds
 * what only tests need (drain, snapshot).
 */
import { EVENT_CATALOG } from '@concert/outbox'
import { unconsumedEvents } from '@concert/scripts/invariants'
import { eventually, type Scope } from './api.ts'
import type { Stack } from './stack.ts'

export { checkInvariants, findViolations, unconsumedEvents, type OutboxRow, type Violation } from '@concert/scripts/invariants'

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
