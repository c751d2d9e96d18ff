/**
 * The dead-letter topic `<topic>.dlq` (SPEC §8): a record that can never be handled is copied there
 * with its key, value and headers plus `dlq-*` headers saying why; `pnpm ops dlq replay` strips those
 * headers again. Kept free of the catalog and database code so the ops CLI loads it quickly.
 */
import type { IHeaders, KafkaMessage, Producer } from 'kafkajs'
import { dlqTopic } from './topics.ts'

export const DLQ_HEADER_PREFIX = 'dlq-'

export interface DeadLetter {
  topic: string
  partition: number
  message: KafkaMessage
  /** why: the error's name and message (first 2000 characters) */
  error: string
  /** handler attempts made (0 for poison) */
  attempts: number
  /** the consuming service */
  consumer: string
}

export function deadLetterHeaders(d: DeadLetter, now = new Date()): IHeaders {
  return {
    ...(d.message.headers ?? {}),
    'dlq-error': d.error.slice(0, 2000),
    'dlq-attempts': String(d.attempts),
    'dlq-original-topic': d.topic,
    'dlq-original-partition': String(d.partition),
    'dlq-original-offset': d.message.offset,
    'dlq-consumer': d.consumer,
    'dlq-failed-at': now.toISOString(),
  }
}

/** A dead-lettered record's headers without the dlq-* ones: id, eventType, traceparent and anything else it carried. */
export function originalHeaders(headers: IHeaders): IHeaders {
  const out: IHeaders = {}
  for (const [k, v] of Object.entries(headers)) if (!k.startsWith(DLQ_HEADER_PREFIX) && v !== undefined) out[k] = v
  return out
}

/** Produces the record to `<topic>.dlq` with acks=all; throws (a broker error) if it did not get there. */
export async function sendToDeadLetter(producer: Producer, d: DeadLetter): Promise<void> {
  await producer.send({
    topic: dlqTopic(d.topic),
    acks: -1,
    messages: [{ key: d.message.key, value: d.message.value, headers: deadLetterHeaders(d) }],
  })
}
