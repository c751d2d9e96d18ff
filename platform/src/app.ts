import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import type { JWTVerifyGetKey } from 'jose'
import type { Logger } from 'pino'
import { accessLogController } from './access-log.ts'
import { authPlugin } from './auth.ts'
import { problemServerOptions, registerProblemHandlers } from './errors.ts'
import { healthRoutes, type ReadinessCheck } from './health.ts'
import { strictJsonBodies } from './json-body.ts'
import { createMetricsRegistry, metricsRoutes } from './metrics.ts'
import { contractDocument } from './openapi.ts'
import { ProblemSchema } from './schemas.ts'
import { ServiceMetrics } from './telemetry.ts'
import { activeSpanTraceparent, isTraceparent, newTraceparent, runWithTrace } from '@concert/outbox'

export type ServiceApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ServiceMetrics
  }
}

export interface ServiceAppOptions {
  service: string
  title: string
  description: string
  logger: Logger
  /** Verifies bearer and admission tokens; services get it from user-service's JWKS. */
  keys: JWTVerifyGetKey
  readiness: Record<string, ReadinessCheck>
  bodyLimit?: number
  /**
   * Addresses/CIDRs whose X-Forwarded-For is believed (the gateway's); nobody's when empty, so a
   * direct caller cannot choose the address its per-client limits count against.
   */
  trustedProxies?: readonly string[]
}

function ajv(coerce: boolean) {
  const instance = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  })
  addFormats.default(instance)
  return instance
}

/**
 * The Fastify instance every service starts from: strict validation (bodies are never coerced and
 * unknown properties are rejected; query strings and params are coerced from text), problem+json
 * errors, request ids, OpenAPI 3.1 at /docs/json with Swagger UI at /docs, auth guards, health and
 * metrics. Services add their routes to what this returns.
 */
export async function createServiceApp(options: ServiceAppOptions): Promise<ServiceApp> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // One access-log line per request instead of Fastify's two (access-log.ts).
    logController: accessLogController(),
    // Routing, parser and shutdown answers are problems too (errors.ts).
    ...problemServerOptions,
    // A request must be fully received within 30 s (408 REQUEST_TIMEOUT), so slow uploads cannot hold
    // sockets; Node checks this every 30 s, so it fires within 30–60 s.
    requestTimeout: 30_000,
    trustProxy: options.trustedProxies?.length ? [...options.trustedProxies] : false,
    // Ids are UUIDs (36 characters): a longer path segment is a 400 PATH_TOO_LONG, never routed.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 100 },
  }).withTypeProvider<TypeBoxTypeProvider>()

  const bodyValidator = ajv(false)
  const textValidator = ajv(true)
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyValidator : textValidator).compile(schema))

  registerProblemHandlers(app)
  // The API speaks JSON only; a text body is a 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain')
  strictJsonBodies(app)
  // The W3C trace context of the request (or a new one) is active for the whole request, so every log
  // line carries its traceId and every outbox event it appends carries its traceparent.
  app.addHook('onRequest', (request, reply, done) => {
    const incoming = request.headers.traceparent
    const traceparent = activeSpanTraceparent() ?? (isTraceparent(incoming) ? incoming : newTraceparent())
    void reply.header('x-request-id', request.id).header('traceparent', traceparent)
    runWithTrace(traceparent, done)
  })
  app.addSchema(ProblemSchema)

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: options.title, description: options.description, version: '1.0.0' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          queueToken: { type: 'apiKey', in: 'header', name: 'X-Queue-Token' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    // problem+json errors with their codes, `security: []` on public operations, examples (openapi.ts).
    transformObject: (documents) => contractDocument(structuredClone((documents as { openapiObject: Record<string, unknown> }).openapiObject)),
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  await app.register(authPlugin, { keys: options.keys })

  const metrics = new ServiceMetrics(createMetricsRegistry(options.service))
  app.decorate('metrics', metrics)
  app.addHook('onClose', async () => metrics.close())
  healthRoutes(app, options.readiness)
  metricsRoutes(app, metrics.registry)
  return app
}
