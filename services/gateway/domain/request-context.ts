import { randomUUID } from 'node:crypto'
import { isTraceparent, newTraceparent } from '@concert/platform'

// Client-chosen ids end up in every service's logs: keep them short and free of control characters.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** The caller's X-Request-Id when it is a sane token, else a new UUID. */
export function requestId(header: unknown): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID()
}

/**
 * The caller's W3C traceparent when valid, else a new sampled one: the gateway is where a frontend's
 * request enters the system, so a trace starts here at the latest (the platform's rule, shared).
 */
export function traceparent(header: unknown): string {
  return isTraceparent(header) ? header : newTraceparent()
}
