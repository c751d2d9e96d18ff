import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import proxy from '@fastify/http-proxy'
import { ProblemError } from '@concert/platform'
import type { Upstream } from '../domain/upstreams.ts'
import { sendProblem } from '../problems.ts'

export interface ProxyOptions {
  timeoutMs: number
  trustProxy: boolean
}

/** Reply-from reports a failed upstream as one of its own errors; the client gets a stable code. */
function upstreamFailure(upstream: Upstream, error: { statusCode?: number }): ProblemError {
  if (error.statusCode === 504) return new ProblemError(504, 'UPSTREAM_TIMEOUT', `${upstream.title} did not answer in time`)
  return new ProblemError(503, 'UPSTREAM_UNAVAILABLE', `${upstream.title} is unavailable; retry shortly`)
}

/**
 * Upstreams see who the client is (X-Forwarded-*), as far as the gateway can vouch for it: without
 * TRUST_PROXY a client-sent X-Forwarded-For is replaced, not extended.
 */
function forwardedHeaders(request: FastifyRequest, trustProxy: boolean): Record<string, string> {
  const remote = request.socket.remoteAddress ?? request.ip
  const previous = request.headers['x-forwarded-for']
  return {
    'x-forwarded-for': trustProxy && previous ? `${String(previous)}, ${remote}` : remote,
    'x-forwarded-proto': request.protocol,
    'x-forwarded-host': request.host,
  }
}

/**
 * Each route prefix goes to its service with the path unchanged (`rewritePrefix` = `prefix`).
 * X-Request-Id and traceparent were settled on the request in app.ts, so they travel with the
 * other headers.
 */
export async function proxyRoutes(app: FastifyInstance, upstreams: readonly Upstream[], options: ProxyOptions): Promise<void> {
  for (const upstream of upstreams) {
    for (const prefix of upstream.prefixes) {
      await app.register(proxy, {
        upstream: upstream.url,
        prefix,
        rewritePrefix: prefix,
        disableRequestLogging: true,
        undici: { headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs },
        replyOptions: {
          rewriteRequestHeaders: (request, headers) => ({ ...headers, ...forwardedHeaders(request as FastifyRequest, options.trustProxy) }),
          onError: (reply, { error }) => {
            const request = (reply as FastifyReply).request
            request.log.warn({ upstream: upstream.name, err: error.message }, 'upstream failed')
            const problem = upstreamFailure(upstream, error as { statusCode?: number })
            if (problem.status === 503) void reply.header('retry-after', '1')
            sendProblem(request, reply as FastifyReply, problem)
          },
        },
      })
    }
  }
}
