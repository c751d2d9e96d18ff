import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { isIP } from 'node:net'
import {
  ConfigError, ProblemError, accessLogController, createLogger, createMetricsRegistry, createRedis, metricsRoutes, problemServerOptions, registerProblemHandlers, runWithTrace,
} from '@concert/platform'
import type { GatewayConfig } from './config.ts'
import { requestId, traceparent } from './domain/request-context.ts'
import { SERVICE_NAMES, instanceUrls, upstreams, type ServiceName, type Upstream } from './domain/upstreams.ts'
import { startInstanceProbes } from './jobs/probe-instances.ts'
import { healthRoutes } from './routes/health.ts'
import { MergedOpenApi, openApiRoutes } from './routes/openapi.ts'
import { proxyRoutes } from './routes/proxy.ts'

export interface Gateway {
  app: FastifyInstance
  upstreams: Upstream[]
}

// Probes of the gateway itself (health, metrics) are never rate limited: orchestrators poll them.
const UNLIMITED = /^\/(health\/|metrics$)/

/** Each service's instances, from `<SERVICE>_SERVICE_URL` (one URL or a comma-separated list). */
function serviceInstances(config: GatewayConfig): Record<ServiceName, string[]> {
  return Object.fromEntries(SERVICE_NAMES.map((name) => {
    const setting = `${name.toUpperCase() as Uppercase<ServiceName>}_SERVICE_URL` as const
    try {
      return [name, instanceUrls(config[setting])]
    } catch (error) {
      throw new ConfigError(`Invalid configuration: ${setting} ${(error as Error).message}`)
    }
  })) as Record<ServiceName, string[]>
}

export async function buildGateway(config: GatewayConfig, logger: Logger = createLogger('gateway', config.LOG_LEVEL)): Promise<Gateway> {
  if (config.UPSTREAM_LOCAL_ADDRESS && !isIP(config.UPSTREAM_LOCAL_ADDRESS)) {
    throw new ConfigError('Invalid configuration: UPSTREAM_LOCAL_ADDRESS must be an IP address')
  }
  const services = upstreams(serviceInstances(config))

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: false,
    genReqId: (request) => requestId(request.headers['x-request-id']),
    // One access-log line per request instead of Fastify's two (platform's access-log.ts).
    logController: accessLogController(),
    // Routing, parser, Node and shutdown answers are problems, as on every service.
    ...problemServerOptions,
    // Backstop for whole requests (headers included); bodies have their own, shorter deadline (routes/body.ts).
    requestTimeout: 30_000,
    routerOptions: { maxParamLength: 100 },
  })
  // The gateway's own failures are problems like every service's; a proxied request's errors are the
  // upstream's answer passed through, or rendered by the proxy (routes/proxy.ts).
  registerProblemHandlers(app)

  // The request id and trace context are fixed once here: upstreams receive them with the other
  // headers, and the client gets them back even when the gateway answers by itself.
  // The rest of the request runs in that trace, so the gateway's own log lines carry its traceId.
  app.addHook('onRequest', (request, reply, done) => {
    request.headers['x-request-id'] = request.id
    request.headers.traceparent = traceparent(request.headers.traceparent)
    void reply.header('x-request-id', request.id).header('traceparent', request.headers.traceparent)
    runWithTrace(request.headers.traceparent, done)
  })

  await app.register(cors, {
    origin: config.CORS_ORIGINS.trim() === '*' ? true : config.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: ['x-request-id', 'traceparent', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
    maxAge: 600,
  })

  const redis = config.GATEWAY_REDIS_URL ? createRedis({ url: config.GATEWAY_REDIS_URL, keyPrefix: 'gateway:', logger }) : undefined
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    ...(redis ? { redis, nameSpace: 'ratelimit:' } : {}),
    // A Redis outage must not take the whole API down with it.
    skipOnError: true,
    allowList: (request) => UNLIMITED.test(request.url.split('?')[0]!),
    errorResponseBuilder: (_request, context) => new ProblemError(429, 'RATE_LIMITED', `Too many requests from this address; retry in ${context.after}`),
  })

  const docs = new MergedOpenApi(services, { cacheSeconds: config.OPENAPI_CACHE_SECONDS, timeoutMs: 2000, logger })
  healthRoutes(app, services)
  metricsRoutes(app, createMetricsRegistry('gateway'))
  await openApiRoutes(app, docs)
  await proxyRoutes(app, services, {
    logger,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    body: { maxBytes: config.BODY_LIMIT_BYTES, timeoutMs: config.BODY_TIMEOUT_MS },
    ...(config.UPSTREAM_LOCAL_ADDRESS ? { localAddress: config.UPSTREAM_LOCAL_ADDRESS } : {}),
  })

  // Probing starts with the server and stops before it closes.
  let stopProbes: (() => unknown) | undefined
  app.addHook('onListen', async () => {
    stopProbes ??= startInstanceProbes(services, { intervalMs: config.UPSTREAM_PROBE_INTERVAL_MS, timeoutMs: config.UPSTREAM_PROBE_TIMEOUT_MS }, logger)
  })
  app.addHook('onClose', async () => {
    await stopProbes?.()
    redis?.disconnect()
  })
  return { app, upstreams: services }
}
