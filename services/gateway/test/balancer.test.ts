import t from 'tap'
import { InstancePool } from '../domain/balancer.ts'
import { serviceHealth } from '../domain/readiness.ts'
import { classifyFailure, mayRetry, takesInstanceOut } from '../domain/retry.ts'
import { instanceUrls } from '../domain/upstreams.ts'

const pool = (n: number) => new InstancePool(Array.from({ length: n }, (_, i) => `http://127.0.0.1:${3003 + 10 * i}`))
const indexes = (p: InstancePool, times: number) => Array.from({ length: times }, () => p.pick()!.index)

t.test('instance lists: one URL or several, each an http(s) origin', async (t) => {
  t.same(instanceUrls('http://127.0.0.1:3003'), ['http://127.0.0.1:3003'])
  t.same(instanceUrls('http://127.0.0.1:3003/, http://127.0.0.1:3013'), ['http://127.0.0.1:3003', 'http://127.0.0.1:3013'])
  t.same(instanceUrls('http://order:3003/ignored/path'), ['http://order:3003'], 'paths reach the service unchanged, so only the origin counts')
  t.throws(() => instanceUrls('http://a:1,http://a:1'), /listed twice/)
  t.throws(() => instanceUrls('http://a:1,nope'), /"nope" is not a URL/)
  t.throws(() => instanceUrls('ftp://a:1'), /not an http/)
  t.throws(() => instanceUrls(' , '), /no instance/)
})

t.test('balancing: round robin while equally busy, then the least busy', async (t) => {
  const p = pool(3)
  t.same(indexes(p, 6), [1, 2, 3, 1, 2, 3], 'idle instances take turns')
  const [a, b] = p.instances
  p.begin(a!)
  p.begin(a!)
  p.begin(b!)
  t.same(indexes(p, 2), [3, 3], 'the idle one first, as long as it is the least busy')
  p.begin(p.instances[2]!)
  t.equal(p.pick()!.index, 2, 'then the one with fewer outstanding')
  p.end(a!)
  p.end(a!)
  p.end(a!)
  t.equal(a!.outstanding, 0, 'never below zero')
})

t.test('a failed connection takes an instance out until a probe answers', async (t) => {
  const p = pool(2)
  const [a, b] = p.instances as [ReturnType<typeof p.pick> & object, ReturnType<typeof p.pick> & object]
  t.match(p.connectionFailed(a, 1000, 'request failed: not-sent'), { instance: a, inRotation: false })
  t.equal(p.connectionFailed(a, 1001, 'again'), undefined, 'reported once')
  t.same(indexes(p, 4), [2, 2, 2, 2], 'only the other takes requests')
  t.equal(p.pick(new Set([b])), a, 'a retry may still try it when it is the only other one')
  t.equal(p.probed(a, { ok: false, kind: 'unreachable', reason: 'refused' }, 1500), undefined, 'still out')
  t.match(p.probed(a, { ok: true }, 2000), { instance: a, inRotation: true })
  t.same(indexes(p, 2).sort(), [1, 2], 'back in the rotation')
  t.equal(p.pick(new Set([a, b])), undefined, 'nothing left when every instance failed this request')
})

t.test('probes: out after two failed answers in a row (or one refused connection), in after one good one', async (t) => {
  const p = pool(2)
  const a = p.instances[0]!
  const slow = { ok: false as const, kind: 'failed' as const, reason: 'live probe not answered within 1000 ms' }
  t.equal(p.probed(a, slow, 1), undefined, 'one slow probe is not enough')
  t.equal(p.probed(a, { ok: true }, 2), undefined, 'a good one resets the count')
  t.equal(p.probed(a, slow, 3), undefined)
  t.match(p.probed(a, slow, 4), { inRotation: false, reason: slow.reason }, 'two in a row')
  t.match(a, { inRotation: false, outSince: 4, reason: slow.reason })
  t.match(p.probed(a, { ok: true }, 5), { inRotation: true })
  t.match(p.probed(p.instances[1]!, { ok: false, kind: 'unreachable', reason: 'ECONNREFUSED' }, 6), { inRotation: false }, 'a refused connection at once')
})

t.test('with no instance in rotation every one is still tried, the longest out first', async (t) => {
  const p = pool(3)
  const [a, b, c] = p.instances as [NonNullable<ReturnType<typeof p.pick>>, NonNullable<ReturnType<typeof p.pick>>, NonNullable<ReturnType<typeof p.pick>>]
  p.connectionFailed(b, 10, 'x')
  p.connectionFailed(c, 20, 'x')
  p.connectionFailed(a, 30, 'x')
  t.equal(p.pick(), b)
  t.equal(p.pick(new Set([b])), c)
  t.same(p.preference().map((i) => i.index), [2, 3, 1], 'one-off reads try them in the same order')
  p.probed(a, { ok: true }, 40)
  t.same(p.preference().map((i) => i.index), [1, 2, 3], 'in-rotation instances first')
  const single = pool(1)
  single.connectionFailed(single.instances[0]!, 1, 'x')
  t.equal(single.pick(), single.instances[0], 'a single instance is always tried, as before instances existed')
})

t.test('failures: which ones take an instance out, which requests go to another instance', async (t) => {
  const wrapped = (code: string, statusCode = 500) => Object.assign(new Error('x', { cause: Object.assign(new Error(code), { code }) }), { statusCode })
  t.equal(classifyFailure(wrapped('ECONNREFUSED')), 'not-sent')
  t.equal(classifyFailure(Object.assign(new Error('connect timeout'), { code: 'UND_ERR_CONNECT_TIMEOUT', statusCode: 504 })), 'not-sent', 'a connect timeout never sent anything')
  t.equal(classifyFailure(wrapped('UND_ERR_SOCKET')), 'dropped')
  t.equal(classifyFailure(wrapped('ECONNRESET')), 'dropped')
  t.equal(classifyFailure(wrapped('UND_ERR_HEADERS_TIMEOUT', 504)), 'timeout')
  t.equal(classifyFailure(wrapped('UND_ERR_INVALID_ARG')), 'refused-input')
  t.equal(classifyFailure(wrapped('HPE_INVALID_CONSTANT')), 'broken')
  t.ok(takesInstanceOut('not-sent') && takesInstanceOut('dropped'))
  t.notOk(takesInstanceOut('timeout') || takesInstanceOut('broken') || takesInstanceOut('refused-input'), 'an answer, or a slow one, is not a dead instance')

  t.ok(mayRetry('not-sent', 'POST', {}), 'never sent: any request goes to another instance')
  t.ok(mayRetry('dropped', 'GET', {}), 'dropped GET: safe to repeat')
  t.ok(mayRetry('dropped', 'HEAD', {}))
  t.ok(mayRetry('dropped', 'POST', { 'idempotency-key': '0190c0de-0000-7000-8000-000000000000' }), 'dropped POST with an Idempotency-Key: the service answers a repeat with the first response')
  t.notOk(mayRetry('dropped', 'POST', {}), 'dropped POST without a key: may have been acted on; the client decides')
  t.notOk(mayRetry('dropped', 'DELETE', { 'idempotency-key': '' }))
  t.notOk(mayRetry('timeout', 'GET', {}), 'a timeout is never repeated')
  t.notOk(mayRetry('broken', 'GET', {}))
})

t.test('readiness of a service with several instances', async (t) => {
  const ready = { status: 'ready', httpStatus: 200, checks: { mysql: { status: 'up' } } }
  const one = serviceHealth([{ instance: 1, inRotation: true, ...ready }])
  t.same(one, { status: 'ready', httpStatus: 200, checks: ready.checks, instances: [{ instance: 1, inRotation: true, ...ready }] }, 'one instance: what it said')
  t.match(serviceHealth([{ instance: 1, inRotation: true, ...ready }, { instance: 2, inRotation: false, status: 'unreachable' }]), { status: 'degraded', httpStatus: 200 }, 'one of two serving: degraded but serving')
  t.match(serviceHealth([{ instance: 1, inRotation: true, status: 'degraded', httpStatus: 200 }, { instance: 2, inRotation: true, ...ready }]), { status: 'degraded', httpStatus: 200 })
  t.match(serviceHealth([{ instance: 1, inRotation: false, status: 'unreachable' }, { instance: 2, inRotation: true, status: 'unavailable', httpStatus: 503 }]), { status: 'unavailable', httpStatus: 503 }, 'none serving: the first answer')
  t.same(serviceHealth([{ instance: 1, inRotation: false, status: 'unreachable' }]).httpStatus, undefined)
})
