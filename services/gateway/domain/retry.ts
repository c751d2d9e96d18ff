/**
 * What a failed upstream attempt means, and whether the gateway may send the same request to
 * another instance. The gateway retries at most once, and only when no answer came back at all.
 */
export type Failure =
  /** the connection was never made: the instance did not receive the request */
  | 'not-sent'
  /** the connection broke before any answer: the instance may or may not have acted on the request */
  | 'dropped'
  /** connected, but no answer within the upstream timeout */
  | 'timeout'
  /** undici refused what the client sent (a header it will not forward) */
  | 'refused-input'
  /** an answer that is not HTTP, or any other proxy failure */
  | 'broken'

// Nothing left the gateway: connecting failed (a stopped process refuses; a dead host does not answer).
const NOT_SENT = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
// The connection went away under the request (a killed process, a reset): it may have been read.
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'])
const REFUSED_INPUT = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH'])

/** Reply-from wraps undici's error; the code that says what happened is on the error or its cause. */
export function classifyFailure(error: Error & { statusCode?: number; code?: string }): Failure {
  const code = (error.cause as { code?: string } | undefined)?.code ?? error.code ?? ''
  if (REFUSED_INPUT.has(code)) return 'refused-input'
  if (NOT_SENT.has(code)) return 'not-sent'
  if (DROPPED.has(code)) return 'dropped'
  if (error.statusCode === 504) return 'timeout'
  // reply-from's ServiceUnavailableError is ENOTFOUND or a cancelled stream: nothing was answered.
  if (error.statusCode === 503) return 'not-sent'
  return 'broken'
}

/** A connection-level failure: the instance leaves the rotation until a probe finds it serving again. */
export const takesInstanceOut = (failure: Failure): boolean => failure === 'not-sent' || failure === 'dropped'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * May the same request go to another instance? A request that never left can always go (the service
 * never saw it). One whose connection dropped may have been acted on: it is sent again only when a
 * repeat cannot do anything twice, i.e. a safe method, or a request carrying an Idempotency-Key (the
 * routes that change state take one and answer a repeat with the first response). A POST without a
 * key is answered 503 + Retry-After instead, leaving the decision to the client, which knows whether
 * its request may be repeated. Timeouts are never retried: the first instance may still be working
 * on it, and a second would double the load that made it slow.
 */
export function mayRetry(failure: Failure, method: string, headers: Record<string, unknown>): boolean {
  if (failure === 'not-sent') return true
  if (failure !== 'dropped') return false
  const key = headers['idempotency-key']
  return SAFE_METHODS.has(method) || (typeof key === 'string' && key.length > 0)
}
