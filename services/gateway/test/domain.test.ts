import t from 'tap'
import { mergeOpenApi, type OpenApiDocument } from '../domain/openapi.ts'
import { requestId, traceparent } from '../domain/request-context.ts'
import { ROUTES, routedBy, upstreams } from '../domain/upstreams.ts'

const problem = { type: 'object', properties: { code: { type: 'string' } } }
const doc = (paths: Record<string, unknown>, schemas: Record<string, unknown> = {}): OpenApiDocument => ({
  openapi: '3.1.0',
  info: { title: 'x', version: '1', description: 'what it does' },
  paths: paths as OpenApiDocument['paths'],
  components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
})

t.test('routing: a prefix owns itself and what is below it, nothing else', async (t) => {
  t.ok(routedBy(ROUTES.user, '/users'))
  t.ok(routedBy(ROUTES.user, '/users/{userId}'))
  t.ok(routedBy(ROUTES.user, '/.well-known/jwks.json'))
  t.notOk(routedBy(ROUTES.user, '/usersettings'))
  t.notOk(routedBy(ROUTES.review, '/health/ready'))
  const services = upstreams({ user: ['http://u:1'], concert: ['http://c:2'], order: ['http://o:3', 'http://o:13'], payment: ['http://p:4'], review: ['http://r:5'] })
  t.same(services.map((u) => [u.title, u.pool.instances.map((i) => i.url)]), [
    ['user-service', ['http://u:1']], ['concert-service', ['http://c:2']], ['order-service', ['http://o:3', 'http://o:13']], ['payment-service', ['http://p:4']], ['review-service', ['http://r:5']],
  ])
  const all = Object.values(ROUTES).flat()
  t.equal(new Set(all).size, all.length, 'no prefix belongs to two services')
})

t.test('merging OpenAPI documents', async (t) => {
  const merged = mergeOpenApi([
    {
      service: 'user-service',
      prefixes: ROUTES.user,
      document: doc({
        '/users': { post: { tags: ['users'], responses: { 400: { $ref: '#/components/schemas/Problem' } } } },
        '/health/ready': { get: { tags: ['health'] } },
      }, { Problem: problem, Shared: { type: 'string' } }),
    },
    {
      service: 'review-service',
      prefixes: ROUTES.review,
      document: doc({
        '/reviews/{performanceId}': { parameters: [{ name: 'performanceId' }], get: { responses: { 200: { $ref: '#/components/schemas/Shared' }, 400: { $ref: '#/components/schemas/Problem' } } } },
      }, { Problem: problem, Shared: { type: 'integer' } }),
    },
  ], [{ service: 'concert-service', reason: 'unreachable' }])

  t.equal(merged.openapi, '3.1.0')
  t.same(Object.keys(merged.paths!).sort(), ['/reviews/{performanceId}', '/users'], "only routed paths; services' own health endpoints are not the gateway's")
  t.same((merged.paths!['/users']!['post'] as { tags: string[] }).tags, ['user-service'], 'operations are tagged with their service')
  t.same(merged.paths!['/reviews/{performanceId}']!['parameters'], [{ name: 'performanceId' }], 'path-level fields pass through')
  t.same(merged.tags, [{ name: 'user-service', description: 'what it does' }, { name: 'review-service', description: 'what it does' }])
  t.same(Object.keys(merged.components!.schemas!).sort(), ['Problem', 'Shared', 'review-service.Shared'], 'identical schemas kept once, different ones renamed')
  t.same(merged.components!.schemas!['review-service.Shared'], { type: 'integer' })
  const reviewResponses = (merged.paths!['/reviews/{performanceId}']!['get'] as { responses: Record<string, { $ref: string }> }).responses
  t.equal(reviewResponses['200']!.$ref, '#/components/schemas/review-service.Shared', 'references follow the rename')
  t.equal(reviewResponses['400']!.$ref, '#/components/schemas/Problem')
  t.same(merged.components!.securitySchemes, { bearer: { type: 'http', scheme: 'bearer' } })
  t.same(merged['x-unavailable'], [{ service: 'concert-service', reason: 'unreachable' }])
})

t.test('request id and trace context', async (t) => {
  t.equal(requestId('checkout-42.a:b'), 'checkout-42.a:b', 'a sane client id is kept')
  t.match(requestId(undefined), /^[0-9a-f-]{36}$/, 'absent → new UUID')
  t.match(requestId('has spaces\nand newlines'), /^[0-9a-f-]{36}$/, 'log-unsafe → replaced')
  t.match(requestId('x'.repeat(129)), /^[0-9a-f-]{36}$/, 'oversize → replaced')
  const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
  t.equal(traceparent(valid), valid)
  for (const bad of [undefined, 'nope', '00-00000000000000000000000000000000-00f067aa0ba902b7-01', `${valid}-extra`]) {
    const fresh = traceparent(bad)
    t.match(fresh, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/, `${String(bad)} → a new trace`)
    t.not(fresh, valid)
  }
})
