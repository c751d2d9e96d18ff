/** Turns a Kafka record into an event this service handles, or says why it is poison. */
import type { KafkaMessage } from 'kafkajs'
import { isEventName, payloadErrors, type EventName } from './catalog.ts'
import { PoisonRecord } from './errors.ts'
import type { RecordHeaders } from './headers.ts'

export type Decoded =
  /** an event of the topic this service has no handler for (several events share a topic) */
  | { kind: 'skip' }
  | { kind: 'event'; name: EventName; eventId: string; payload: unknown; occurredAt: string }

const UUID = /^[0-9a-f-]{36}$/i

/** Throws PoisonRecord for a record no retry can fix. */
export function decodeRecord(
  message: KafkaMessage,
  headers: RecordHeaders,
  topic: string,
  consumer: { handles(name: EventName): boolean; topicOf(name: EventName): string },
): Decoded {
  const { eventType, eventId } = headers
  if (!eventType) throw new PoisonRecord('missing eventType header')
  if (!isEventName(eventType)) throw new PoisonRecord(`unknown event type ${eventType}`)
  if (!consumer.handles(eventType)) return { kind: 'skip' }
  if (consumer.topicOf(eventType) !== topic) throw new PoisonRecord(`${eventType} is not published on ${topic}`)
  if (!eventId || !UUID.test(eventId)) throw new PoisonRecord('missing or malformed id header')
  if (!message.value) throw new PoisonRecord('empty value')
  let payload: unknown
  try {
    payload = JSON.parse(message.value.toString('utf8'))
  } catch (e) {
    throw new PoisonRecord(`value is not JSON: ${(e as Error).message}`)
  }
  const errors = payloadErrors(eventType, payload)
  if (errors.length > 0) {
    throw new PoisonRecord(`invalid ${eventType} payload: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`)
  }
  return { kind: 'event', name: eventType, eventId, payload, occurredAt: (payload as { occurredAt: string }).occurredAt }
}
