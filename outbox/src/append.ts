import { sql, type Transaction } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { assertPayload, EVENT_CATALOG, isEventName, type EventName, type EventPayload } from './catalog.ts'
import { currentTraceparent, isTraceparent } from './trace.ts'

export type AppendPayload<N extends EventName> = Omit<EventPayload<N>, 'occurredAt'> & { occurredAt?: string }

export interface AppendEventInput<N extends EventName> {
  type: N
  /** `occurredAt` defaults to now */
  payload: AppendPayload<N>
  /** W3C traceparent; defaults to the active one (`runWithTrace`) */
  traceparent?: string
}

export interface AppendOptions {
  /** Publish on this topic instead of the catalog's (tests and tooling only). */
  topic?: string
}

/**
 * Inserts the outbox row for `event` inside the caller's transaction and returns the event id (UUIDv7,
 * also the Kafka `id` header). Throws `EventValidationError` when the payload does not match the
 * catalog: that is a bug in the producer, and the caller's transaction should roll back.
 */
type AppendListener = (type: EventName) => void
const listeners = new Set<AppendListener>()

/** Observes every appended event (for metrics); returns the function that stops observing. */
export function onEventAppended(listener: AppendListener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export async function appendEvent<N extends EventName>(
  trx: Transaction<any>,
  event: AppendEventInput<N>,
  options: AppendOptions = {},
): Promise<string> {
  if (!isEventName(event.type)) throw new TypeError(`unknown event type ${String(event.type)}`)
  const entry = EVENT_CATALOG[event.type]
  const payload = { ...event.payload, occurredAt: event.payload.occurredAt ?? new Date().toISOString() }
  assertPayload(event.type, payload)
  const aggregateId = (payload as Record<string, unknown>)[entry.key]
  const traceparent = event.traceparent ?? currentTraceparent()
  const id = uuidv7()
  await trx
    .insertInto('outbox')
    .values({
      id,
      aggregatetype: entry.aggregateType,
      aggregateid: String(aggregateId),
      type: event.type,
      topic: options.topic ?? entry.topic,
      payload: JSON.stringify(payload),
      tracingspancontext: isTraceparent(traceparent) ? traceparent : null,
      created_at: sql`UTC_TIMESTAMP(6)`,
    })
    .execute()
  for (const listener of listeners) listener(event.type)
  return id
}
