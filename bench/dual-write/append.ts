/**
 * BENCH ONLY: the dual-write baseline of the stadium benchmark (`--dual-write`). It replaces
 * outbox/src/append.ts in the services' processes (hooks.mjs), with the same exports, and instead of
 * inserting an outbox row it publishes the event to Kafka inside the caller's transaction, as the seed
 * ADR's `kafkaTemplate.send(...)` inside a `@Transactional` method does. It waits for the broker's
 * acknowledgement (acks=all) before the transaction goes on to commit, so a request answers only once
 * its event is in Kafka, as with the outbox once Debezium has carried the row.
 *
 * The record is the one Debezium's outbox EventRouter makes of the row (debezium/connector.template.json):
 * topic = the row's `topic`; key = `aggregateid` (StringConverter); value = the payload JSON text
 * (expand.json.payload=false, StringConverter); headers `id` (the event id), `eventType` (`type`) and
 * `traceparent` (`tracingspancontext`, when there is one); partition = murmur2 of the key, as the
 * Connect producer's default partitioner. So the consumers run unchanged.
 *
 * What the outbox exists to prevent happens here by design: a transaction that rolls back after the
 * send leaves an event in Kafka for a change that never happened, and a crash between commit and send
 * cannot happen only because the send comes first. The benchmark injects no such failures.
 */
import { randomBytes } from 'node:crypto'
import { assertPayload, EVENT_CATALOG, isEventName, type EventName, type EventPayload } from '../../outbox/src/catalog.ts'
import { createKafka, createProducer } from '../../outbox/src/kafka-client.ts'
import { currentTraceparent, isTraceparent } from '../../outbox/src/trace.ts'

export type AppendPayload<N extends EventName> = Omit<EventPayload<N>, 'occurredAt'> & { occurredAt?: string }

export interface AppendEventInput<N extends EventName> {
  type: N
  payload: AppendPayload<N>
  traceparent?: string
}

export interface AppendOptions {
  topic?: string
}

type AppendListener = (type: EventName) => void
const listeners = new Set<AppendListener>()

export function onEventAppended(listener: AppendListener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** UUIDv7 (RFC 9562), as the outbox's ids: time-ordered, so processed_event inserts stay sequential. */
function uuidv7(): string {
  const bytes = randomBytes(16)
  const ms = Date.now()
  bytes.writeUIntBE(ms, 0, 6)
  bytes[6] = (bytes[6]! & 0x0f) | 0x70
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

type Producer = ReturnType<typeof createProducer>
let producer: Promise<Producer> | undefined

function connected(): Promise<Producer> {
  producer ??= (async () => {
    const kafka = createKafka({ clientId: `dual-write-${process.pid}` })
    // The outbox's DLQ producer: kafkajs's Java-compatible (murmur2) partitioner, no topic creation.
    const p = createProducer(kafka)
    await p.connect()
    return p
  })().catch((error: unknown) => {
    producer = undefined
    throw error
  })
  return producer
}

export async function appendEvent<N extends EventName>(
  // The caller's transaction (a Kysely Transaction): the send happens while it is open.
  _trx: unknown,
  event: AppendEventInput<N>,
  options: AppendOptions = {},
): Promise<string> {
  if (!isEventName(event.type)) throw new TypeError(`unknown event type ${String(event.type)}`)
  const entry = EVENT_CATALOG[event.type]
  const payload = { ...event.payload, occurredAt: event.payload.occurredAt ?? new Date().toISOString() }
  assertPayload(event.type, payload)
  const aggregateId = String((payload as Record<string, unknown>)[entry.key])
  const traceparent = event.traceparent ?? currentTraceparent()
  const id = uuidv7()
  const headers: Record<string, string> = { id, eventType: event.type }
  if (isTraceparent(traceparent)) headers['traceparent'] = traceparent
  await (await connected()).send({
    topic: options.topic ?? entry.topic,
    acks: -1,
    messages: [{ key: aggregateId, value: JSON.stringify(payload), headers }],
  })
  for (const listener of listeners) listener(event.type)
  return id
}
