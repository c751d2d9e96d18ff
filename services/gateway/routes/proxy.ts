import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import proxy from '@fastify/http-proxy'
import type { Logger } from 'pino'
import { ProblemError, sendProblem } from '@concert/platform'
import type { Instance } from '../domain/balancer.ts'
import { upstreamTimeoutMs } from '../domain/long-poll.ts'
import { classifyFailure, mayRetry, takesInstanceOut, type Failure } from '../domain/retry.ts'
import type { Upstream } from '../domain/upstreams.ts'
import { logTransition } from '../jobs/probe-instances.ts'
import { bufferBodies, type BodyLimits } from './body.ts'

export interface ProxyOptions {
  timeoutMs: number
  body: BodyLimits
  /** The address upstream connections leave from; services trust X-Forwarded-For from it only. */
  localAddress?: string
  logger: Logger
}

/**
 * The client gets a stable code for a failed upstream. Only a failure that can succeed on retry is a
 * 503 with Retry-After; what the client caused is a 4xx.
 */
function upstreamProblem(upstream: Upstream, request: FastifyRequest, failure: Failure): ProblemError {
  if (request.raw.socket.destroyed) return new ProblemError(400, 'REQUEST_ABORTED', 'The client closed the request')
  switch (failure) {
    case 'refused-input': return new ProblemError(400, 'BAD_REQUEST', 'The request cannot be forwarded as sent')
    case 'timeout': return new ProblemError(504, 'UPSTREAM_TIMEOUT', `${upstream.title} did not answer in time`)
    case 'not-sent':
    case 'dropped': return new ProblemError(503, 'UPSTREAM_UNAVAILABLE', `${upstream.title} is unavailable; retry shortly`)
    default: return new ProblemError(502, 'BAD_GATEWAY', `${upstream.title} could not be reached properly`)
  }
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

type ReplyFromOptions = Parameters<FastifyReply['from']>[1] & object

/**
 * Sends the request to an instance of `upstream` (domain/balancer.ts picks it), and when that attempt
 * fails without an answer and `mayRetry` allows it, once more to another instance. A failed connection
 * takes the instance out of the rotation until a probe finds it serving again.
 */
function forward(upstream: Upstream, request: FastifyRequest, reply: FastifyReply, dest: string, options: ReplyFromOptions, logger: Logger, tried: Instance[]): void {
  const { pool } = upstream
  const instance = pool.pick(new Set(tried))!
  pool.begin(instance)
  let finished = false
  const finish = () => {
    if (finished) return
    finished = true
    pool.end(instance)
  }
  reply.raw.once('close', finish)
  // The body read by bufferBodies goes upstream as the same bytes, whatever its type.
  const body = Buffer.isBuffer(request.body)
    ? { body: request.body, contentType: request.headers['content-type'] ?? 'application/octet-stream' }
    : {}
  void reply.from(dest, {
    ...options,
    ...body,
    getUpstream: () => instance.url,
    // reply-from would resend a GET answered 503 to the same instance up to ten times: a service's own
    // 503 goes to the client as it is, with the service's Retry-After.
    retryDelay: () => null,
    onError: (reply, { error }) => {
      finish()
      reply.raw.off('close', finish)
      const failure = classifyFailure(error as Error)
      if (takesInstanceOut(failure)) logTransition(logger, upstream, pool.connectionFailed(instance, Date.now(), `request failed: ${failure}`))
      const attempts = [...tried, instance]
      const client = (reply as FastifyReply).request
      if (attempts.length < 2 && !client.raw.socket.destroyed && mayRetry(failure, client.method, client.headers) && pool.pick(new Set(attempts))) {
        client.log.info({ upstream: upstream.name, instance: instance.index, failure }, 'upstream attempt failed; retrying on another instance')
        return forward(upstream, client, reply as FastifyReply, dest, options, logger, attempts)
      }
      const problem = upstreamProblem(upstream, client, failure)
      client.log.warn({ upstream: upstream.name, instance: instance.index, err: error.message, code: problem.code, attempts: attempts.length }, 'upstream failed')
      if (problem.status === 503) void reply.header('retry-after', '1')
      sendProblem(client, reply as FastifyReply, problem)
    },
  })
}

/**
 * Each route prefix goes to its service with the path unchanged (`rewritePrefix` = `prefix`), in its
 * own scope that reads bodies with the limits (routes/body.ts). X-Request-Id and traceparent were
 * settled on the request in app.ts, so they travel with the other headers. The instance is chosen per
 * attempt (`forward`); http-proxy's own `getUpstream` only checks where the path would lead.
 */
export async function proxyRoutes(app: FastifyInstance, upstreams: readonly Upstream[], options: ProxyOptions): Promise<void> {
  for (const upstream of upstreams) {
    const anyInstance = upstream.pool.instances[0]!.url
    for (const prefix of upstream.prefixes) {
      await app.register(async (scope) => {
        bufferBodies(scope, options.body)
        await scope.register(proxy, {
          upstream: '',
          prefix,
          rewritePrefix: prefix,
          disableRequestLogging: true,
          proxyPayloads: false,
          undici: {
            headersTimeout: options.timeoutMs,
            bodyTimeout: options.timeoutMs,
            ...(options.localAddress ? { localAddress: options.localAddress } : {}),
          },
          // A long-poll (`GET …?wait=`) may rightly spend its wait before the service answers.
          handler: (request, reply, dest, replyOptions) => forward(upstream, request, reply, dest,
            { ...replyOptions, timeout: upstreamTimeoutMs(request.method, request.url, options.timeoutMs) }, options.logger, []),
          replyOptions: {
            getUpstream: () => anyInstance,
            rewriteRequestHeaders: (request, headers) => upstreamHeaders(request as FastifyRequest, headers) as typeof headers,
          },
        })
      })
    }
  }
}
