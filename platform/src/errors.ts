import type { FastifyError, FastifyInstance } from 'fastify'

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
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

export const badRequest = (code: string, detail: string) => new ProblemError(400, code, detail)
export const unauthenticated = (detail = 'A valid access token is required') =>
  new ProblemError(401, 'UNAUTHENTICATED', detail)
export const forbidden = (detail = 'You may not do this') => new ProblemError(403, 'FORBIDDEN', detail)
export const notFound = (what: string) => new ProblemError(404, 'NOT_FOUND', `${what} not found`)
export const conflict = (code: string, detail: string, extra?: Record<string, unknown>) =>
  new ProblemError(409, code, detail, extra)
export const unprocessable = (code: string, detail: string) => new ProblemError(422, code, detail)

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

/** Maps Fastify's own client errors (validation, parsing, limits) to stable problem codes. */
function classify(error: FastifyError): { status: number; code: string; detail: string } | undefined {
  if (error.validation) {
    const first = error.validation[0]
    const where = error.validationContext ?? 'request'
    const path = first?.instancePath ? `${where}${first.instancePath.replaceAll('/', '.')}` : where
    const message = first?.keyword === 'additionalProperties'
      ? `unknown property '${String((first.params as { additionalProperty?: string }).additionalProperty)}'`
      : (first?.message ?? 'is invalid')
    return { status: 400, code: 'VALIDATION_FAILED', detail: `${path} ${message}` }
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'MALFORMED_JSON', detail: 'The request body is not valid JSON' }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is too large' }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send application/json' }
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'BAD_REQUEST', detail: 'Content-Length does not match the body' }
    case 'FST_ERR_RATE_LIMIT_EXCEEDED':
      return { status: 429, code: 'RATE_LIMITED', detail: 'Too many requests, slow down' }
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    if (error.statusCode === 429) return { status: 429, code: 'RATE_LIMITED', detail: 'Too many requests, slow down' }
    return { status: error.statusCode, code: 'BAD_REQUEST', detail: 'The request could not be processed' }
  }
  return undefined
}

export function registerProblemHandlers(app: FastifyInstance<any, any, any, any, any>): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let status: number
    let body: Problem
    if (error instanceof ProblemError) {
      status = error.status
      body = problemBody(error.status, error.code, error.message, error.extra)
    } else {
      const known = classify(error)
      if (known) {
        status = known.status
        body = problemBody(known.status, known.code, known.detail)
        request.log.info({ code: known.code, err: error.message }, 'client error')
      } else {
        status = 500
        body = problemBody(500, 'INTERNAL', 'Something went wrong on our side; it has been logged')
        request.log.error({ err: error }, 'unhandled error')
      }
    }
    body.instance = request.url.split('?')[0]
    void reply.code(status).type('application/problem+json').send(body)
  })
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).type('application/problem+json')
      .send({ ...problemBody(404, 'NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`), instance: request.url.split('?')[0] })
  })
}
