import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { classifyOutage, describeError } from './outages.ts'
import { RouteMethods } from './route-methods.ts'

/**
 * A client-facing failure, rendered as application/problem+json (RFC 9457) with a stable `code`.
 * Route and domain code throws these; anything else that escapes is an internal error and is
 * reported to the client without detail.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly extra?: Record<string, unknown>,
    /** Sent as Retry-After; every 503 has one (DEFAULT_RETRY_AFTER_SECONDS unless given). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail)
    this.name = 'ProblemError'
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

export const badRequest = (code: string, detail: string) => new ProblemError(400, code, detail)
export const unauthenticated = (detail = 'A valid access token is required') =>
  new ProblemError(401, 'UNAUTHENTICATED', detail)
export const forbidden = (detail = 'You may not do this') => new ProblemError(403, 'FORBIDDEN', detail)
export const notFound = (what: string) => new ProblemError(404, 'NOT_FOUND', `${what} not found`)
export const conflict = (code: string, detail: string, extra?: Record<string, unknown>) =>
  new ProblemError(409, code, detail, extra)
export const unprocessable = (code: string, detail: string) => new ProblemError(422, code, detail)

/** Retry-After of a 503 that does not say otherwise: long enough not to hammer a restarting dependency. */
export const DEFAULT_RETRY_AFTER_SECONDS = 2
/** A 503: something this request needs is briefly away; the client should retry after `retryAfterSeconds`. */
export const unavailable = (code: string, detail: string, retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS) =>
  new ProblemError(503, code, detail, undefined, retryAfterSeconds)

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: string
  instance?: string
  [key: string]: unknown
}

export function problemBody(status: number, code: string, detail: string, extra?: Record<string, unknown>): Problem {
  return {
    type: `https://errors.concert.example/${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  }
}

/** The request's path as the client sent it, for `instance` (never the query string). */
const pathOf = (request: FastifyRequest) => request.url.split('?')[0]!

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ProblemError): FastifyReply {
  // Also for answers given before the request's own hooks ran (routing errors, shutdown).
  if (!reply.hasHeader('x-request-id')) void reply.header('x-request-id', request.id)
  // A client too slow to send its request does not get to keep the connection (RFC 9110 §15.5.9).
  if (problem.status === 408) void reply.header('connection', 'close')
  // A 503 always says when to come back (RFC 9110 §10.2.3); a header set earlier (shutdown) wins.
  const retryAfter = problem.retryAfterSeconds ?? (problem.status === 503 ? DEFAULT_RETRY_AFTER_SECONDS : undefined)
  if (retryAfter !== undefined && !reply.hasHeader('retry-after')) void reply.header('retry-after', String(retryAfter))
  return reply.code(problem.status).type('application/problem+json')
    .send({ ...problemBody(problem.status, problem.code, problem.message, problem.extra), instance: pathOf(request) })
}

const INTERNAL = () => new ProblemError(500, 'INTERNAL', 'Something went wrong on our side; it has been logged')

/**
 * Fastify's own errors (FST_ERR_*), by code: each becomes a stable problem code, and neither its
 * code nor its message (which names the library and echoes input) reaches the client.
 */
const FRAMEWORK: Record<string, [status: number, code: string, detail: string]> = {
  FST_ERR_BAD_URL: [400, 'BAD_URL', 'The URL is not validly percent-encoded'],
  FST_ERR_INVALID_URL: [400, 'BAD_URL', 'The URL is not valid'],
  FST_ERR_MAX_PARAM_LENGTH: [400, 'PATH_TOO_LONG', 'A path segment is longer than any identifier'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'BAD_REQUEST', 'The request could not be routed'],
  FST_ERR_NOT_FOUND: [404, 'NOT_FOUND', 'Not found'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON', 'The request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_JSON', 'The request body is empty; send a JSON document'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE', 'The request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'Send application/json'],
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'Send application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST', 'Content-Length does not match the body'],
  FST_ERR_ROUTE_MISSING_CONTENT: [400, 'VALIDATION_FAILED', 'body is required'],
  FST_ERR_RATE_LIMIT_EXCEEDED: [429, 'RATE_LIMITED', 'Too many requests, slow down'],
}

/** A stable code for any other client error, by status. */
const BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
}

/**
 * Known messages for the patterns of shared schemas (schemas.ts `Text`): ajv would otherwise answer
 * "must match pattern" followed by the regex.
 */
const patternMessages = new Map<string, string>()
export function describePattern(pattern: string, message: string): void {
  patternMessages.set(pattern, message)
}

/** Maps Fastify's own client errors (validation, parsing, limits, routing) to stable problem codes. */
function classify(error: FastifyError): ProblemError | undefined {
  if (error.validation) {
    const first = error.validation[0]
    const where = error.validationContext ?? 'request'
    const path = first?.instancePath ? `${where}${first.instancePath.replaceAll('/', '.')}` : where
    const params = (first?.params ?? {}) as { additionalProperty?: string; pattern?: string }
    const message = first?.keyword === 'additionalProperties'
      ? `unknown property '${String(params.additionalProperty)}'`
      : (first?.keyword === 'pattern' && patternMessages.get(String(params.pattern))) || (first?.message ?? 'is invalid')
    return new ProblemError(400, 'VALIDATION_FAILED', `${path} ${message}`)
  }
  const known = FRAMEWORK[error.code]
  if (known) return new ProblemError(...known)
  const status = error.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ProblemError(status, BY_STATUS[status] ?? 'BAD_REQUEST', STATUS_CODES[status] ?? 'The request could not be processed')
  }
  return undefined
}

/**
 * Renders any error as a problem: ours as thrown, the framework's classified, a dependency outage a
 * 503 with Retry-After (outages.ts; one warn line, no stack), the rest a logged 500.
 */
export function errorProblem(error: FastifyError, request: FastifyRequest): ProblemError {
  if (error instanceof ProblemError) return error
  const known = classify(error)
  if (known) {
    request.log.info({ code: known.code, err: error.message }, 'client error')
    return known
  }
  const outage = classifyOutage(error)
  if (outage) {
    request.log.warn({ code: outage.code, dependency: outage.dependency, err: describeError(error) }, `${outage.dependency} unavailable; answered 503`)
    return unavailable(outage.code, outage.detail, outage.retryAfterSeconds)
  }
  request.log.error({ err: error }, 'unhandled error')
  return INTERNAL()
}

/**
 * For Fastify's `frameworkErrors` option: errors raised while routing (bad percent-encoding, a path
 * parameter over `maxParamLength`), before any hook ran.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  sendProblem(request, reply, errorProblem(error, request))
}

/**
 * For Fastify's `clientErrorHandler`: what Node's HTTP parser rejects before Fastify sees a request
 * (a malformed request line or header, headers too large, a request not received in time) is
 * answered as a problem too, and the connection is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, code, detail] = error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
    ? [408, 'REQUEST_TIMEOUT', 'The request was not received in time']
    : error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large']
      : [400, 'BAD_REQUEST', 'The request is not valid HTTP']
  const body = JSON.stringify(problemBody(status, code, detail))
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy(error)
}

/** Server options every app (services and gateway) shares, so no framework answer escapes as non-problem. */
export const problemServerOptions = {
  frameworkErrors,
  clientErrorHandler,
  // Answered by registerProblemHandlers instead, as a problem.
  return503OnClosing: false,
} as const

/**
 * Every answer that is not a route's own success is application/problem+json: thrown ProblemErrors,
 * framework errors with stable codes, unknown routes (404 NOT_FOUND), a known path with another
 * method (405 METHOD_NOT_ALLOWED with Allow), and requests arriving while the app shuts down (503).
 * Call it before adding routes (the 405 needs to see them).
 */
export function registerProblemHandlers(app: FastifyInstance<any, any, any, any, any>): void {
  const routes = RouteMethods.track(app)
  let closing = false
  app.addHook('preClose', (done) => {
    closing = true
    done()
  })
  app.addHook('onRequest', (request, reply, done) => {
    if (!closing) return done()
    void reply.header('connection', 'close').header('retry-after', '1')
    sendProblem(request, reply, new ProblemError(503, 'SHUTTING_DOWN', 'This instance is shutting down; retry'))
  })
  app.setErrorHandler((error: FastifyError, request, reply) => sendProblem(request, reply, errorProblem(error, request)))
  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request)
    const allow = routes.allowed(path)
    if (allow.length > 0 && !allow.includes(request.method)) {
      void reply.header('allow', allow.join(', '))
      return sendProblem(request, reply, new ProblemError(405, 'METHOD_NOT_ALLOWED', `${path} does not answer ${request.method}`))
    }
    return sendProblem(request, reply, new ProblemError(404, 'NOT_FOUND', `No route for ${request.method} ${path}`))
  })
}
