import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import type { Upstream } from '../domain/upstreams.ts'

const ServiceHealth = Type.Object({
  status: Type.String({ description: "the service's own status (ready, degraded, unavailable) or unreachable" }),
  httpStatus: Type.Optional(Type.Integer()),
  checks: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
})
const GatewayReady = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('degraded'), Type.Literal('unavailable')]),
  services: Type.Record(Type.String(), ServiceHealth),
})

interface ServiceHealth {
  status: string
  httpStatus?: number
  checks?: Record<string, unknown>
}

async function probe(upstream: Upstream, timeoutMs: number): Promise<ServiceHealth> {
  try {
    const response = await fetch(`${upstream.url}/health/ready`, { signal: AbortSignal.timeout(timeoutMs) })
    const body = (await response.json().catch(() => ({}))) as { status?: unknown; checks?: Record<string, unknown> }
    const status = typeof body.status === 'string' ? body.status : response.ok ? 'ready' : 'unavailable'
    return { status, httpStatus: response.status, ...(body.checks ? { checks: body.checks } : {}) }
  } catch {
    return { status: 'unreachable' }
  }
}

/**
 * Liveness is the gateway's own; readiness is the system's: every service must answer its own
 * /health/ready with 200 (a degraded service still serves, so it counts as up but is reported).
 */
export function healthRoutes(app: FastifyInstance, upstreams: readonly Upstream[], timeoutMs = 2000): void {
  app.get('/health/live', { schema: { hide: true, response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({ status: 'ok' as const }))

  app.get('/health/ready', { schema: { response: { 200: GatewayReady, 503: GatewayReady } } }, async (_request, reply) => {
    const results = await Promise.all(upstreams.map((upstream) => probe(upstream, timeoutMs)))
    const services = Object.fromEntries(upstreams.map((upstream, i) => [upstream.name, results[i]!]))
    const status = results.some((result) => result.httpStatus !== 200)
      ? 'unavailable'
      : results.some((result) => result.status !== 'ready') ? 'degraded' : 'ready'
    return reply.code(status === 'unavailable' ? 503 : 200).send({ status, services })
  })
}
