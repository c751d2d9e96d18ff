import t from 'tap'
import { createLocalJWKSet, exportJWK, generateKeyPair } from 'jose'
import { Type } from 'typebox'
import { createLogger, createServiceApp, ConfigError, loadConfig, ProblemError } from '../src/index.ts'

const { publicKey } = await generateKeyPair('ES256')
const app = await createServiceApp({
  service: 'platform-test',
  title: 'platform test',
  description: 'test',
  logger: createLogger('platform-test', 'silent'),
  keys: createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' }] }),
  readiness: { always: { critical: true, probe: async () => ({ status: 'up' }) } },
})
app.post('/things', {
  schema: { body: Type.Object({ count: Type.Integer({ minimum: 1, maximum: 10 }) }, { additionalProperties: false }) },
}, async (request) => ({ count: request.body.count }))
app.get('/boom', async () => { throw new Error('SELECT * FROM secret_table failed at db.ts:42') })
app.get('/teapot', async () => { throw new ProblemError(409, 'SEAT_UNAVAILABLE', 'Seat 7 is taken', { seatIds: [7] }) })
app.get('/mine', { onRequest: [app.authenticate] }, async () => 'ok')
t.teardown(() => app.close())

const problem = (response: { statusCode: number; headers: Record<string, unknown>; json: () => any }) => ({
  status: response.statusCode, type: response.headers['content-type'], body: response.json(),
})

t.test('client mistakes are 4xx problems with stable codes', async (t) => {
  const cases: Array<[string, object, number, string]> = [
    ['string for integer', { count: '3' }, 400, 'VALIDATION_FAILED'],
    ['out of range', { count: 11 }, 400, 'VALIDATION_FAILED'],
    ['extra property', { count: 1, admin: true }, 400, 'VALIDATION_FAILED'],
    ['missing property', {}, 400, 'VALIDATION_FAILED'],
  ]
  for (const [name, payload, status, code] of cases) {
    const result = problem(await app.inject({ method: 'POST', url: '/things', payload }))
    t.equal(result.status, status, name)
    t.equal(result.type, 'application/problem+json; charset=utf-8', name)
    t.match(result.body, { status, code, title: String, detail: String, type: String, instance: '/things' }, name)
  }
  const malformed = problem(await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{"count":' }))
  t.match(malformed, { status: 400, body: { code: 'MALFORMED_JSON' } })
  const media = problem(await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'text/plain' }, payload: 'count=1' }))
  t.match(media, { status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } })
  const unknown = problem(await app.inject({ method: 'GET', url: '/nowhere' }))
  t.match(unknown, { status: 404, body: { code: 'NOT_FOUND' } })
  const domain = problem(await app.inject({ method: 'GET', url: '/teapot' }))
  t.match(domain, { status: 409, body: { code: 'SEAT_UNAVAILABLE', detail: 'Seat 7 is taken', seatIds: [7] } })
  const anonymous = problem(await app.inject({ method: 'GET', url: '/mine' }))
  t.match(anonymous, { status: 401, body: { code: 'UNAUTHENTICATED' } })
  const garbage = problem(await app.inject({ method: 'GET', url: '/mine', headers: { authorization: 'Bearer not.a.jwt' } }))
  t.match(garbage, { status: 401, body: { code: 'UNAUTHENTICATED' } })
})

t.test('an internal failure is a 500 that says nothing internal', async (t) => {
  const result = problem(await app.inject({ method: 'GET', url: '/boom' }))
  t.equal(result.status, 500)
  t.equal(result.body.code, 'INTERNAL')
  t.notMatch(JSON.stringify(result.body), /SELECT|secret_table|db\.ts|stack/)
})

t.test('configuration errors name the variable', async (t) => {
  t.throws(() => loadConfig({ PORT: Type.Integer({ minimum: 1 }) }, { PORT: 'eighty' }), ConfigError)
  t.throws(() => loadConfig({ PORT: Type.Integer({ minimum: 1 }) }, { PORT: 'eighty' }), /PORT/)
  t.same(loadConfig({ PORT: Type.Integer({ default: 3000 }) }, {}), { PORT: 3000 })
})

t.test('readiness and the OpenAPI document', async (t) => {
  const ready = await app.inject({ method: 'GET', url: '/health/ready' })
  t.same(ready.json(), { status: 'ready', checks: { always: { status: 'up' } } })
  const openapi = (await app.inject({ method: 'GET', url: '/docs/json' })).json()
  t.equal(openapi.openapi, '3.1.0')
  t.ok(openapi.paths['/things'].post, 'routes are documented')
})
