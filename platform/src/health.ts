import { Gauge, type Registry } from 'prom-client'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'

export type CheckStatus = 'up' | 'down' | 'degraded'
export interface CheckResult {
  status: CheckStatus
  detail?: string
}
/** A dependency probe. `critical: false` dependencies (caches) degrade the service instead of failing readiness. */
export interface ReadinessCheck {
  critical: boolean
  probe: () => Promise<CheckResult>
}

const CheckSchema = Type.Object({ status: Type.String(), detail: Type.Optional(Type.String()) })
const ReadySchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('degraded'), Type.Literal('unavailable')]),
  checks: Type.Record(Type.String(), CheckSchema),
})

async function runProbe(check: ReadinessCheck): Promise<CheckResult> {
  try {
    return await Promise.race([
      check.probe(),
      new Promise<CheckResult>((resolve) => setTimeout(() => resolve({ status: 'down', detail: 'timed out' }), 2000).unref()),
    ])
  } catch (error) {
    return { status: 'down', detail: (error as Error).message }
  }
}

export async function readiness(checks: Record<string, ReadinessCheck>) {
  const names = Object.keys(checks)
  const results = await Promise.all(names.map((name) => runProbe(checks[name]!)))
  const report: Record<string, CheckResult> = {}
  let failing = false
  let degraded = false
  names.forEach((name, index) => {
    const result = results[index]!
    report[name] = result
    if (result.status === 'up') return
    if (checks[name]!.critical) failing = true
    else degraded = true
  })
  const status = failing ? 'unavailable' : degraded ? 'degraded' : 'ready'
  return { status, checks: report } as const
}

export function healthRoutes(app: FastifyInstance<any, any, any, any, any>, checks: Record<string, ReadinessCheck>): void {
  app.get('/health/live', { schema: { hide: true, response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({ status: 'ok' as const }))
  app.get('/health/ready', { schema: { tags: ['health'], response: { 200: ReadySchema, 503: ReadySchema } } }, async (_request, reply) => {
    const report = await readiness(checks)
    return reply.code(report.status === 'unavailable' ? 503 : 200).send(report)
  })
}

/**
 * `service_ready`: 1 while GET /health/ready would answer ready or degraded, 0 while it answers 503,
 * evaluated at scrape time with the same checks (alert ServiceNotReady in debezium/alerts.yml).
 */
export function registerReadinessGauge(registry: Registry, checks: Record<string, ReadinessCheck>): void {
  new Gauge({
    name: 'service_ready',
    help: 'Whether the service is ready (GET /health/ready answers 200): 1, or 0 while it answers 503',
    registers: [registry],
    async collect() {
      this.set((await readiness(checks)).status === 'unavailable' ? 0 : 1)
    },
  })
}
