/** Reading what Debezium's outbox router puts on a record: headers `id`, `eventType`, `traceparent`, the key. */
import type { IHeaders, KafkaMessage } from 'kafkajs'
import { isTraceparent } from './trace.ts'

/** Header value as a string (Connect writes plain UTF-8; a JSON-quoted string is unquoted). */
export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  let v = headers?.[name]
  if (Array.isArray(v)) v = v[0]
  if (v === undefined || v === null) return undefined
  const s = Buffer.isBuffer(v) ? v.toString('utf8') : String(v)
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(s)
      if (typeof parsed === 'string') return parsed
    } catch {
      /* not JSON: keep as is */
    }
  }
  return s
}

export interface RecordHeaders {
  eventId: string | undefined
  eventType: string | undefined
  /** a valid W3C traceparent, else undefined */
  traceparent: string | undefined
  /** the record key: the saga's business id (reservationId or orderId) */
  key: string | null
}

export function recordHeaders(message: KafkaMessage): RecordHeaders {
  const traceHeader = headerString(message.headers, 'traceparent')
  return {
    eventId: headerString(message.headers, 'id'),
    eventType: headerString(message.headers, 'eventType'),
    traceparent: isTraceparent(traceHeader) ? traceHeader : undefined,
    key: message.key ? message.key.toString('utf8') : null,
  }
}
