/**
 * Read models fed by events (order-service's schedules, user-service's performances, payment-service's
 * orders) lag their producer by one Kafka hop. A test that acts right after creating something waits
 * here until every consumer of the event has applied it, instead of sleeping or retrying on 404.
 */
import type { EventName } from '@concert/outbox'
import { eventually } from './api.ts'
import { CONSUMERS, SERVICE_DBS, type ServiceDb, type Stack } from './stack.ts'

/**
 * Waits until every consumer listed in CONSUMERS has recorded the `type` events keyed `aggregateId`
 * in processed_event. Returns at once when no producer appended such an event (nothing to wait for).
 */
export async function waitEventApplied(stack: Stack, type: EventName, aggregateId: string, timeoutMs = 30_000): Promise<void> {
  const events: Array<{ id: string }> = []
  for (const service of SERVICE_DBS) {
    events.push(...await stack.db[service].selectFrom('outbox').select('id')
      .where('type', '=', type).where('aggregateid', '=', aggregateId).execute())
  }
  if (!events.length) return
  const ids = events.map((e) => e.id)
  const consumers: readonly ServiceDb[] = CONSUMERS[type]
  await eventually(`${type} ${aggregateId} applied by ${consumers.join(', ')}`, async () => {
    const missing: string[] = []
    for (const consumer of consumers) {
      const found = await stack.db[consumer].selectFrom('processed_event').select('event_id')
        .where('consumer', '=', consumer).where('event_id', 'in', ids).execute()
      if (found.length < ids.length) missing.push(consumer)
    }
    return missing
  }, (missing) => missing.length === 0, { timeoutMs, intervalMs: 100 })
}

/** A new schedule is known to order-service (holds) and user-service (waiting room). */
export const waitScheduleKnown = (stack: Stack, scheduleId: string) => waitEventApplied(stack, 'ScheduleCreatedEvent', scheduleId)

/** A HELD reservation's order is known to payment-service (ReservationConfirmedEvent, keyed by reservation). */
export const waitOrderPayable = (stack: Stack, reservationId: string) => waitEventApplied(stack, 'ReservationConfirmedEvent', reservationId)
