import { randomBytes, randomUUID } from 'node:crypto'

// Client-chosen ids end up in every service's logs: keep them short and free of control characters.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** The caller's X-Request-Id when it is a sane token, else a new UUID. */
export function requestId(header: unknown): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID()
}

const TRACEPARENT = /^[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/

/**
 * The caller's W3C traceparent when valid, else a new sampled one: the gateway is where a frontend's
 * request enters the system, so a trace starts here at the latest (the same rule as @concert/outbox).
 */
export function traceparent(header: unknown): string {
  if (typeof header === 'string' && TRACEPARENT.test(header)) return header
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`
}
