import type { FastifyInstance } from 'fastify'
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** One registry per service instance, so in-process tests of several services never collide. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  // The event-loop lag histogram samples with a libuv timer: prom-client's 10 ms default wakes every
  // process 100×/s (0.18 % of a core each, idle); 50 ms costs 0.05 % and still catches the stalls the
  // lag p99 panel is for (numbers in debezium/README.md "Idle CPU").
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 50 })
  return registry
}

export function metricsRoutes(app: FastifyInstance<any, any, any, any, any>, registry: Registry): void {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  const errors = new Counter({
    name: 'http_request_errors_total',
    help: 'HTTP responses with status >= 400, by route and problem status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  })
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched'
    if (route === '/metrics') return
    const labels = { method: request.method, route, status: String(reply.statusCode) }
    duration.observe(labels, reply.elapsedTime / 1000)
    if (reply.statusCode >= 400) errors.inc(labels)
  })
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics())
  })
}
