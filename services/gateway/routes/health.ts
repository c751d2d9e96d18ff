import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import type { Instance } from '../domain/balancer.ts'
import { serviceHealth, type InstanceHealth } from '../domain/readiness.ts'
import type { Upstream } from '../domain/upstreams.ts'

const Checks = Type.Record(Type.String(), Type.Unknown())
const InstanceHealthSchema = Type.Object({
  instance: Type.Integer({ description: "1-based position in the service's instance list" }),
  inRotation: Type.Boolean({ description: 'whether the gateway sends it requests now' }),
  status: Type.String(),
  httpStatus: Type.Optional(Type.Integer()),
  checks: Type.Optional(Checks),
})
const ServiceHealthSchema = Type.Object({
  status: Type.String({ description: "the service's status (ready, degraded, unavailable) or unreachable" }),
  httpStatus: Type.Optional(Type.Integer()),
  checks: Type.Optional(Checks),
  instances: Type.Array(InstanceHealthSchema),
})
const GatewayReady = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('degraded'), Type.Literal('unavailable')]),
  services: Type.Record(Type.String(), ServiceHealthSchema),
})

async function probe(instance: Instance, timeoutMs: number): Promise<InstanceHealth> {
  const base = { instance: instance.index, inRotation: instance.inRotation }
  try {
    const response = await fetch(`${instance.url}/health/ready`, { signal: AbortSignal.timeout(timeoutMs) })
    const body = (await response.json().catch(() => ({}))) as { status?: unknown; checks?: Record<string, unknown> }
    const status = typeof body.status === 'string' ? body.status : response.ok ? 'ready' : 'unavailable'
    return { ...base, status, httpStatus: response.status, ...(body.checks ? { checks: body.checks } : {}) }
  } catch {
    return { ...base, status: 'unreachable' }
  }
}

/**
 * Liveness is the gateway's own; readiness is the system's: every service must have an instance that
 * answers its own /health/ready with 200 (a degraded service still serves, so it counts as up but is
 * reported, as is a service with an instance down).
 */
export function healthRoutes(app: FastifyInstance, upstreams: readonly Upstream[], timeoutMs = 2000): void {
  app.get('/health/live', { schema: { hide: true, response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({ status: 'ok' as const }))

  app.get('/health/ready', { schema: { response: { 200: GatewayReady, 503: GatewayReady } } }, async (_request, reply) => {
    const results = await Promise.all(upstreams.map(async (upstream) =>
      serviceHealth(await Promise.all(upstream.pool.instances.map((instance) => probe(instance, timeoutMs))))))
    const services = Object.fromEntries(upstreams.map((upstream, i) => [upstream.name, results[i]!]))
    const status = results.some((result) => result.httpStatus !== 200)
      ? 'unavailable'
      : results.some((result) => result.status !== 'ready') ? 'degraded' : 'ready'
    return reply.code(status === 'unavailable' ? 503 : 200).send({ status, services })
  })
}
