import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import proxy from '@fastify/http-proxy'
import { ProblemError, sendProblem } from '@concert/platform'
import type { Upstream } from '../domain/upstreams.ts'
import { bufferBodies, type BodyLimits } from './body.ts'

export interface ProxyOptions {
  timeoutMs: number
  body: BodyLimits
  /** The address upstream connections leave from; services trust X-Forwarded-For from it only. */
  localAddress?: string
}

// A service that cannot be reached now may be reachable in a moment (restart, deploy): 503 + Retry-After.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'])
// undici refusing what the client sent (a header it will not forward): the client's mistake.
const REFUSED_INPUT = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH'])

/**
 * Reply-from reports a failed upstream as one of its own errors; the client gets a stable code.
 * Only a failure that can succeed on retry is a 503 with Retry-After; what the client caused is a 4xx.
 */
function upstreamFailure(upstream: Upstream, request: FastifyRequest, error: Error & { statusCode?: number; code?: string }): ProblemError {
  const code = (error.cause as { code?: string } | undefined)?.code ?? error.code ?? ''
  if (request.raw.socket.destroyed) return new ProblemError(400, 'REQUEST_ABORTED', 'The client closed the request')
  if (REFUSED_INPUT.has(code)) return new ProblemError(400, 'BAD_REQUEST', 'The request cannot be forwarded as sent')
  if (error.statusCode === 504) return new ProblemError(504, 'UPSTREAM_TIMEOUT', `${upstream.title} did not answer in time`)
  if (error.statusCode === 503 || UNREACHABLE.has(code)) return new ProblemError(503, 'UPSTREAM_UNAVAILABLE', `${upstream.title} is unavailable; retry shortly`)
  return new ProblemError(502, 'BAD_GATEWAY', `${upstream.title} could not be reached properly`)
}

/**
 * Upstreams see who the client is (X-Forwarded-*) as the gateway determined it: the connection's
 * address, or with TRUST_PROXY the client its own load balancer names. One address, not a chain, so
 * services that trust only the gateway (TRUSTED_PROXIES) take exactly that; a client-sent
 * X-Forwarded-For never reaches them otherwise.
 */
function forwardedHeaders(request: FastifyRequest): Record<string, string> {
  return {
    'x-forwarded-for': request.ip,
    'x-forwarded-proto': request.protocol,
    'x-forwarded-host': request.host,
  }
}

// Hop-by-hop headers describe the client's connection, not the request; undici refuses some of them.
// The body is re-framed from what the gateway read (Content-Length set by reply-from).
const HOP_BY_HOP = ['transfer-encoding', 'keep-alive', 'upgrade', 'proxy-connection', 'te', 'trailer', 'expect']

function upstreamHeaders(request: FastifyRequest, headers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...headers, ...forwardedHeaders(request) }
  for (const name of HOP_BY_HOP) delete out[name]
  // A body Fastify did not read (GET/HEAD/bodyless) is not sent, so it is not announced either.
  if (!Buffer.isBuffer(request.body)) delete out['content-length']
  return out
}

/**
 * Each route prefix goes to its service with the path unchanged (`rewritePrefix` = `prefix`), in its
 * own scope that reads bodies with the limits (routes/body.ts). X-Request-Id and traceparent were
 * settled on the request in app.ts, so they travel with the other headers.
 */
export async function proxyRoutes(app: FastifyInstance, upstreams: readonly Upstream[], options: ProxyOptions): Promise<void> {
  for (const upstream of upstreams) {
    for (const prefix of upstream.prefixes) {
      await app.register(async (scope) => {
        bufferBodies(scope, options.body)
        await scope.register(proxy, {
          upstream: upstream.url,
          prefix,
          rewritePrefix: prefix,
          disableRequestLogging: true,
          proxyPayloads: false,
          undici: {
            headersTimeout: options.timeoutMs,
            bodyTimeout: options.timeoutMs,
            ...(options.localAddress ? { localAddress: options.localAddress } : {}),
          },
          // The body read by bufferBodies goes upstream as the same bytes, whatever its type.
          handler: (request, reply, dest, replyOptions) => reply.from(dest, Buffer.isBuffer(request.body)
            ? { ...replyOptions, body: request.body, contentType: request.headers['content-type'] ?? 'application/octet-stream' }
            : replyOptions),
          replyOptions: {
            rewriteRequestHeaders: (request, headers) => upstreamHeaders(request as FastifyRequest, headers) as typeof headers,
            onError: (reply, { error }) => {
              const request = (reply as FastifyReply).request
              const problem = upstreamFailure(upstream, request, error as Error)
              request.log.warn({ upstream: upstream.name, err: error.message, code: problem.code }, 'upstream failed')
              if (problem.status === 503) void reply.header('retry-after', '1')
              sendProblem(request, reply as FastifyReply, problem)
            },
          },
        })
      })
    }
  }
}
