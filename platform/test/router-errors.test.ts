import { connect, type AddressInfo, type Socket } from 'node:net'
import t, { type Test } from 'tap'
import { createLocalJWKSet } from 'jose'
import { Type } from 'typebox'
import { ConfigError, Text, createLogger, createServiceApp, duplicateKey, trustedProxies, type ServiceApp } from '../src/index.ts'

async function serviceApp(trusted?: string[]): Promise<ServiceApp> {
  const app = await createServiceApp({
    service: 'platform-test',
    title: 'platform test',
    description: 'test',
    logger: createLogger('platform-test', 'silent'),
    keys: createLocalJWKSet({ keys: [] }),
    readiness: {},
    ...(trusted ? { trustedProxies: trusted } : {}),
  })
  app.get('/venues/:venueId', { schema: { params: Type.Object({ venueId: Type.String() }) } }, async (request) => ({ venueId: request.params.venueId }))
  app.post('/venues', {
    schema: {
      body: Type.Object({
        name: Text({ maxLength: 100 }),
        note: Type.Optional(Text({ maxLength: 500, multiline: true, allowEmpty: true })),
        label: Type.Optional(Text({ maxLength: 20, trimmed: true })),
        nested: Type.Optional(Type.Object({ value: Type.Integer() })),
      }, { additionalProperties: false }),
    },
  }, async (request) => request.body)
  app.get('/whoami', async (request) => ({ ip: request.ip }))
  return app
}

const app = await serviceApp()
t.teardown(() => app.close())

interface Answer { statusCode: number; headers: Record<string, unknown>; body: string }

/** A problem with a stable code, and nothing of the framework in it. */
function isProblem(t: Test, response: Answer, status: number, code: string, name = code): Record<string, unknown> {
  t.equal(response.statusCode, status, `${name}: status`)
  t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', `${name}: problem+json`)
  t.notMatch(response.body, /FST_|fastify|find-my-way|ajv|secure-json/i, `${name}: nothing of the framework`)
  const body = JSON.parse(response.body) as Record<string, unknown>
  t.match(body, { status, code, title: String, detail: String, type: String, instance: String }, name)
  return body
}

t.test('bad percent-encoding in the path is 400 BAD_URL', async (t) => {
  for (const url of ['/venues/%zz', '/venues/%c0%ae', '/%zz', '/venues/%', '/venues/%E0%A4%A']) {
    isProblem(t, await app.inject({ method: 'GET', url }), 400, 'BAD_URL', url)
  }
})

t.test('a path parameter over the router limit is 400 PATH_TOO_LONG', async (t) => {
  isProblem(t, await app.inject({ method: 'GET', url: `/venues/${'a'.repeat(101)}` }), 400, 'PATH_TOO_LONG')
  t.equal((await app.inject({ method: 'GET', url: `/venues/${'a'.repeat(100)}` })).statusCode, 200, 'up to the limit it is routed')
})

t.test('unknown routes are 404, a known path with another method is 405 with Allow', async (t) => {
  const unknown = isProblem(t, await app.inject({ method: 'GET', url: '/nowhere?x=1' }), 404, 'NOT_FOUND')
  t.equal(unknown.instance, '/nowhere')
  isProblem(t, await app.inject({ method: 'POST', url: '/nowhere', payload: {} }), 404, 'NOT_FOUND', 'POST to an unknown route')
  const wrong = await app.inject({ method: 'DELETE', url: '/venues/v-1' })
  isProblem(t, wrong, 405, 'METHOD_NOT_ALLOWED')
  t.equal(wrong.headers['allow'], 'GET, HEAD')
  const put = await app.inject({ method: 'PUT', url: '/venues', payload: {} })
  isProblem(t, put, 405, 'METHOD_NOT_ALLOWED', 'PUT /venues')
  t.equal(put.headers['allow'], 'POST')
  const trailing = await app.inject({ method: 'PATCH', url: '/health/live/' })
  isProblem(t, trailing, 405, 'METHOD_NOT_ALLOWED', 'trailing slash')
  t.equal(trailing.headers['allow'], 'GET, HEAD')
  t.ok(wrong.headers['x-request-id'], 'carries a request id')
})

t.test('bodies that are not JSON are 415', async (t) => {
  const bodies: Array<[string, Record<string, string>, string]> = [
    ['text/plain', { 'content-type': 'text/plain' }, 'name=x'],
    ['xml', { 'content-type': 'application/xml' }, '<name/>'],
    ['form', { 'content-type': 'application/x-www-form-urlencoded' }, 'name=x'],
    ['no content type', {}, '{"name":"x"}'],
    ['unparsable content type', { 'content-type': '/json' }, '{"name":"x"}'],
  ]
  for (const [name, headers, payload] of bodies) {
    isProblem(t, await app.inject({ method: 'POST', url: '/venues', headers, payload }), 415, 'UNSUPPORTED_MEDIA_TYPE', name)
  }
  const ok = await app.inject({ method: 'POST', url: '/venues', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: '{"name":"Hall"}' })
  t.equal(ok.statusCode, 200, 'application/json with a charset is JSON')
})

t.test('duplicate keys in a JSON body are 400 DUPLICATE_JSON_KEY; poisoning and bad JSON stay refused', async (t) => {
  const post = (payload: string) => app.inject({ method: 'POST', url: '/venues', headers: { 'content-type': 'application/json' }, payload })
  const top = isProblem(t, await post('{"name":"a","name":"b"}'), 400, 'DUPLICATE_JSON_KEY')
  t.match(top.detail, /'name'/, 'names a plain key')
  isProblem(t, await post('{"name":"a","nested":{"value":1,"value":2}}'), 400, 'DUPLICATE_JSON_KEY', 'nested')
  isProblem(t, await post('{"name":"a", "n\\u0061me" : "b"}'), 400, 'DUPLICATE_JSON_KEY', 'escaped spelling of the same key')
  const odd = isProblem(t, await post('{"name":"a","\\u202e":1,"\\u202e":2}'), 400, 'DUPLICATE_JSON_KEY', 'a key that is not an identifier')
  t.notMatch(odd.detail, /\u202e/, 'is not echoed')
  t.equal((await post('{"name":"a","nested":{"value":1},"note":"{\\"name\\":1,\\"name\\":2}"}')).statusCode, 200,
    'the same key in different objects, or inside a string, is fine')
  isProblem(t, await post('{"name":"a","__proto__":{"admin":true}}'), 400, 'MALFORMED_JSON', '__proto__')
  isProblem(t, await post('{"name":"a","constructor":{"prototype":{"admin":true}}}'), 400, 'MALFORMED_JSON', 'constructor.prototype')
  isProblem(t, await post('{"name":'), 400, 'MALFORMED_JSON', 'truncated')
  isProblem(t, await post(''), 400, 'MALFORMED_JSON', 'empty')
})

t.test('a JSON body that is not valid UTF-8, or holds a lone surrogate escape, is 400 BAD_ENCODING', async (t) => {
  const post = (payload: string | Buffer) => app.inject({ method: 'POST', url: '/venues', headers: { 'content-type': 'application/json' }, payload })
  isProblem(t, await post(Buffer.concat([Buffer.from('{"name":"fz'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])), 400, 'BAD_ENCODING', 'invalid bytes')
  isProblem(t, await post(Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xae]), Buffer.from('"}')])), 400, 'BAD_ENCODING', 'overlong encoding')
  isProblem(t, await post('{"name":"fz\\ud800x"}'), 400, 'BAD_ENCODING', 'a lone high surrogate escape')
  isProblem(t, await post('{"name":"a","\\udc00":1}'), 400, 'BAD_ENCODING', 'a lone low surrogate escape in a key')
  t.equal((await post('{"name":"\\ud83c\\udfb5 \u00e9"}')).statusCode, 200, 'a surrogate pair and real UTF-8 are fine')
})

t.test('the duplicate-key scan', async (t) => {
  t.equal(duplicateKey('{"a":1,"b":[{"a":1,"b":2},{"a":3}],"c":{"a":{"a":1}}}'), undefined)
  t.equal(duplicateKey('[{"a":1},{"a":1,"a":2}]'), 'a')
  t.equal(duplicateKey('{"a\\"b":1,"a\\"b":2}'), 'a"b')
  t.equal(duplicateKey('{"x":"\\\\","x":1}'), 'x', 'an escaped backslash ends where it should')
  t.equal(duplicateKey('{ "k" :1 , "k"\n:2}'), 'k', 'white space around the colon')
  t.equal(duplicateKey('"just a string"'), undefined)
  const big = JSON.stringify({ items: Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `seat ${i}`, tags: ['a', 'b'] })) })
  const started = performance.now()
  for (let i = 0; i < 20; i++) duplicateKey(big)
  const perScan = (performance.now() - started) / 20
  t.ok(perScan < 20, `a ${Math.round(big.length / 1024)} KB body scans in ${perScan.toFixed(2)} ms`)
})

t.test('Text: visible text only, and the problem names the field', async (t) => {
  const post = (body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/venues', payload: body })
  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['NUL', { name: 'Hall\u0000' }, 'body.name'],
    ['ANSI escape', { name: '\u001b[31mHall' }, 'body.name'],
    ['C1 CSI', { name: 'Hall\u009b31m' }, 'body.name'],
    ['DEL', { name: 'Hall\u007f' }, 'body.name'],
    ['right-to-left override', { name: 'Hall\u202egpj.exe' }, 'body.name'],
    ['isolate', { name: '\u2066Hall\u2069' }, 'body.name'],
    ['newline in one-line text', { name: 'Hall\nB' }, 'body.name'],
    ['tab in one-line text', { name: 'Hall\tB' }, 'body.name'],
    ['blank', { name: '   ' }, 'body.name'],
    ['zero-width only', { name: '\u200b\u200b' }, 'body.name'],
    ['empty', { name: '' }, 'body.name'],
    ['lone carriage return in multiline text', { name: 'Hall', note: 'a\rb' }, 'body.note'],
    ['control character in multiline text', { name: 'Hall', note: 'a\u0007b' }, 'body.note'],
    ['whitespace-only multiline text', { name: 'Hall', note: ' \n\t ' }, 'body.note'],
    ['leading space in a trimmed label', { name: 'Hall', label: ' A' }, 'body.label'],
  ]
  for (const [name, body, field] of refused) {
    const problem = isProblem(t, await post(body), 400, 'VALIDATION_FAILED', name)
    t.match(problem.detail, new RegExp(`^${field.replace('.', '\\.')} must`), `${name}: names ${field}`)
    t.notMatch(problem.detail, /pattern|\\x|\\u/, `${name}: says what is wrong, not the regex`)
  }
  const accepted = await post({ name: 'Zoë 李 — Hall', note: 'Line one\nLine two\r\n\tindented', label: 'VIP' })
  t.equal(accepted.statusCode, 200, 'letters of any script, line breaks and tabs where allowed')
  t.equal((await post({ name: 'Hall', note: '' })).statusCode, 200, 'allowEmpty takes an empty string')
})

t.test('X-Forwarded-For is believed only from TRUSTED_PROXIES', async (t) => {
  const direct = await app.inject({ method: 'GET', url: '/whoami', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '6.6.6.6' } })
  t.same(direct.json(), { ip: '127.0.0.1' }, 'by default nobody is trusted, loopback included')

  const behind = await serviceApp(trustedProxies('127.0.0.2, 10.0.0.0/8'))
  t.teardown(() => behind.close())
  const viaGateway = await behind.inject({ method: 'GET', url: '/whoami', remoteAddress: '127.0.0.2', headers: { 'x-forwarded-for': '203.0.113.9' } })
  t.same(viaGateway.json(), { ip: '203.0.113.9' }, 'the configured proxy vouches for the client')
  const viaSubnet = await behind.inject({ method: 'GET', url: '/whoami', remoteAddress: '10.1.2.3', headers: { 'x-forwarded-for': '203.0.113.10' } })
  t.same(viaSubnet.json(), { ip: '203.0.113.10' }, 'CIDR blocks work')
  const spoofed = await behind.inject({ method: 'GET', url: '/whoami', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } })
  t.same(spoofed.json(), { ip: '127.0.0.1' }, 'any other caller is its own address')

  t.same(trustedProxies(''), [])
  t.same(trustedProxies(' 172.30.0.10 ,::1, fd00::/8'), ['172.30.0.10', '::1', 'fd00::/8'])
  for (const bad of ['loopback', '127.0.0.1/33', '10.0.0.0/8/1', '999.1.1.1', '127.0.0.1/x']) {
    t.throws(() => trustedProxies(bad), ConfigError, bad)
    t.throws(() => trustedProxies(bad), /TRUSTED_PROXIES/, `${bad}: names the variable`)
  }
})

/** Raw bytes to the listening app: what Node's HTTP parser refuses never reaches a route. */
async function raw(port: number, request: string): Promise<string> {
  const socket = connect(port, '127.0.0.1')
  let answer = ''
  socket.on('data', (chunk) => { answer += chunk.toString() })
  socket.write(request)
  await new Promise((resolve) => { socket.on('close', resolve).on('error', resolve) })
  return answer
}

t.test('requests Node refuses before routing are problems too', async (t) => {
  const listening = await serviceApp()
  await listening.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => listening.close())
  const { port } = listening.server.address() as AddressInfo
  const answers: Array<[string, string, number, string]> = [
    ['garbage request line', 'NOT HTTP AT ALL\r\n\r\n', 400, 'BAD_REQUEST'],
    ['header too large', `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
  ]
  for (const [name, request, status, code] of answers) {
    const answer = await raw(port, request)
    t.match(answer, new RegExp(`^HTTP/1.1 ${status} `), name)
    t.match(answer, /content-type: application\/problem\+json/i, name)
    t.match(answer, new RegExp(`"code":"${code}"`), name)
    t.notMatch(answer, /FST_/, name)
  }
})

t.test('a request arriving while the app shuts down is a 503 problem', async (t) => {
  const closing = await serviceApp()
  let socket: Socket
  const next = () => new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(chunk.toString())))
  let answer = ''
  // preClose runs before the server stops reading: a request on an open keep-alive connection.
  closing.addHook('preClose', async () => {
    const reply = next()
    socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n')
    answer = await reply
  })
  await closing.listen({ port: 0, host: '127.0.0.1' })
  socket = connect((closing.server.address() as AddressInfo).port, '127.0.0.1')
  socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n')
  t.match(await next(), /^HTTP\/1.1 200 /, 'served before shutdown')
  await closing.close()
  socket.destroy()
  t.match(answer, /^HTTP\/1.1 503 /)
  t.match(answer, /content-type: application\/problem\+json/i)
  t.match(answer, /retry-after: 1/i)
  t.match(answer, /"code":"SHUTTING_DOWN"/)
})
