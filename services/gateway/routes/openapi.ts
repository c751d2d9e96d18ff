import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import swaggerUi from '@fastify/swagger-ui'
import type { Logger } from 'pino'
import { mergeOpenApi, type OpenApiDocument, type ServiceDocument, type Unavailable } from '../domain/openapi.ts'
import type { Upstream } from '../domain/upstreams.ts'

export interface MergedOpenApiOptions {
  cacheSeconds: number
  timeoutMs: number
  logger: Logger
}

async function fetchFrom(url: string, upstream: Upstream, timeoutMs: number): Promise<ServiceDocument | Unavailable> {
  try {
    const response = await fetch(`${url}/docs/json`, { signal: AbortSignal.timeout(timeoutMs) })
    if (!response.ok) return { service: upstream.title, reason: `answered HTTP ${response.status}` }
    const document = (await response.json()) as OpenApiDocument
    if (typeof document?.openapi !== 'string') return { service: upstream.title, reason: 'did not return an OpenAPI document' }
    return { service: upstream.title, prefixes: upstream.prefixes, document }
  } catch (error) {
    return { service: upstream.title, reason: (error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable' }
  }
}

/** Every instance serves the same document: the first that answers gives it (those in rotation asked first). */
async function fetchDocument(upstream: Upstream, timeoutMs: number): Promise<ServiceDocument | Unavailable> {
  let result: ServiceDocument | Unavailable | undefined
  for (const instance of upstream.pool.preference()) {
    result = await fetchFrom(instance.url, upstream, timeoutMs)
    if ('document' in result) return result
  }
  return result!
}

/**
 * The merged document, rebuilt at most every `cacheSeconds`; concurrent readers share one rebuild.
 * A service that is down costs only its own part of the document.
 */
export class MergedOpenApi {
  private cached: { document: OpenApiDocument; expiresAt: number } | undefined
  private building: Promise<OpenApiDocument> | undefined

  constructor(private readonly upstreams: readonly Upstream[], private readonly options: MergedOpenApiOptions) {}

  async current(): Promise<OpenApiDocument> {
    if (this.cached && this.cached.expiresAt > Date.now()) return this.cached.document
    this.building ??= this.build().finally(() => { this.building = undefined })
    return this.building
  }

  /** The last document built (what Swagger UI's synchronous `swagger()` hook serves). */
  latest(): OpenApiDocument | undefined {
    return this.cached?.document
  }

  private async build(): Promise<OpenApiDocument> {
    const results = await Promise.all(this.upstreams.map((upstream) => fetchDocument(upstream, this.options.timeoutMs)))
    const parts = results.filter((result): result is ServiceDocument => 'document' in result)
    const unavailable = results.filter((result): result is Unavailable => 'reason' in result)
    if (unavailable.length) this.options.logger.warn({ unavailable }, 'merged OpenAPI document is missing services')
    const document = mergeOpenApi(parts, unavailable)
    this.cached = { document, expiresAt: Date.now() + this.options.cacheSeconds * 1000 }
    return document
  }
}

/** The gateway is the server for every path in the document. */
function servedHere(document: OpenApiDocument, request: FastifyRequest): OpenApiDocument {
  return { ...document, servers: [{ url: `${request.protocol}://${request.host}`, description: 'gateway' }] }
}

/**
 * @fastify/swagger-ui reads its document through `fastify.swagger()`, which @fastify/swagger would
 * generate from this app's own routes. The gateway's routes are not the API, so it stands in for
 * @fastify/swagger (same plugin name, unencapsulated, as fastify-plugin would mark it) and returns
 * the merged document.
 */
const mergedSwagger: FastifyPluginAsync<{ docs: MergedOpenApi }> = async (app, { docs }) => {
  const swagger = () => docs.latest() ?? mergeOpenApi([], [])
  app.decorate('swagger', swagger as unknown as FastifyInstance['swagger'])
}
Object.assign(mergedSwagger, { [Symbol.for('skip-override')]: true, [Symbol.for('plugin-meta')]: { name: '@fastify/swagger' } })

export async function openApiRoutes(app: FastifyInstance, docs: MergedOpenApi): Promise<void> {
  app.get('/openapi.json', { schema: { hide: true } }, async (request) => servedHere(await docs.current(), request))

  await app.register(mergedSwagger, { docs })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Every UI route (including /docs/json) first makes sure the merged document is fresh.
    uiHooks: { onRequest: async () => { await docs.current() } },
    transformSpecification: (document, request) => servedHere(document as OpenApiDocument, request),
  })
}
