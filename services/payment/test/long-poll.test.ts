import t from 'tap'
import { buildService, handle, processing, requestPayment, startHarness } from './helpers.ts'

// GET /payments/{id}?wait=&status= (issue 10): answered once the status differs, or after the wait.
const harness = await startHarness()
t.teardown(() => harness.close())
const { identity, service } = harness
const { app } = service

const get = (headers: Record<string, string>, url: string) => app.inject({ method: 'GET', url, headers })
const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

t.test('a long-poll answers as soon as the payment leaves the status the client has', async (t) => {
  const fan = await identity.signUp()
  const payment = await requestPayment(service, fan)
  const started = Date.now()
  const waiting = get(fan.headers, `/payments/${payment.paymentId}?wait=20&status=REQUESTED`)
  await settle()
  await handle(service, 'OrderStatusUpdatedEvent', processing(payment, fan.userId, 5000))
  const response = await waiting
  const took = Date.now() - started
  t.equal(response.statusCode, 200)
  t.same(response.json(), { paymentId: payment.paymentId, orderId: payment.orderId, amount: 5000, status: 'COMPLETED' })
  // Woken by the notice, not by the 2 s fallback re-check nor the 20 s wait.
  t.ok(took < 1800, `answered ${took} ms after the request`)
})

t.test('a status that already differs answers at once; without wait the route is a plain read', async (t) => {
  const fan = await identity.signUp()
  const payment = await requestPayment(service, fan)
  const done = await get(fan.headers, `/payments/${payment.paymentId}?wait=30&status=COMPLETED`)
  t.equal(done.statusCode, 200)
  t.equal(done.json().status, 'REQUESTED')
  const plain = await get(fan.headers, `/payments/${payment.paymentId}`)
  t.same(plain.json(), done.json())
  const zero = await get(fan.headers, `/payments/${payment.paymentId}?wait=0&status=REQUESTED`)
  t.equal(zero.statusCode, 400, 'wait=0 is refused: leave wait out for a plain read')
  t.equal(zero.json().code, 'VALIDATION_FAILED')
})

t.test('when the wait runs out the answer is the current view, 200', async (t) => {
  const fan = await identity.signUp()
  const payment = await requestPayment(service, fan)
  const started = Date.now()
  const response = await get(fan.headers, `/payments/${payment.paymentId}?wait=1&status=REQUESTED`)
  t.equal(response.statusCode, 200)
  t.same(response.json(), { paymentId: payment.paymentId, orderId: payment.orderId, status: 'REQUESTED' })
  t.ok(Date.now() - started >= 1000, 'waited the whole second')
})

t.test('another user\'s payment is 404 before any wait', async (t) => {
  const owner = await identity.signUp()
  const stranger = await identity.signUp()
  const payment = await requestPayment(service, owner)
  const started = Date.now()
  const response = await get(stranger.headers, `/payments/${payment.paymentId}?wait=30&status=REQUESTED`)
  t.equal(response.statusCode, 404)
  t.equal(response.json().code, 'NOT_FOUND')
  t.ok(Date.now() - started < 5000, 'not after the wait')
})

t.test('a wait out of range, without a status, or an unknown status is 400 problem+json', async (t) => {
  const fan = await identity.signUp()
  const payment = await requestPayment(service, fan)
  for (const query of ['wait=31&status=REQUESTED', 'wait=-1&status=REQUESTED', 'wait=1.5&status=REQUESTED', 'wait=soon&status=REQUESTED', 'wait=5', 'wait=5&status=PAID']) {
    const response = await get(fan.headers, `/payments/${payment.paymentId}?${query}`)
    t.equal(response.statusCode, 400, query)
    t.match(response.headers['content-type'], /application\/problem\+json/, query)
    t.equal(response.json().code, 'VALIDATION_FAILED', query)
  }
})

t.test('another instance on the same database is woken through Redis', async (t) => {
  const other = await buildService(identity.jwksUrl, { DATABASE_URL: harness.databaseUrl })
  t.teardown(() => other.app.close())
  await other.app.ready()
  const fan = await identity.signUp()
  const payment = await requestPayment(service, fan)
  const started = Date.now()
  const waiting = other.app.inject({ method: 'GET', url: `/payments/${payment.paymentId}?wait=20&status=REQUESTED`, headers: fan.headers })
  await settle()
  await handle(service, 'OrderStatusUpdatedEvent', processing(payment, fan.userId, 0)) // nothing to authorize: CANCELLED
  const response = await waiting
  t.equal(response.json().status, 'CANCELLED')
  t.ok(Date.now() - started < 1800, 'woken by the notice')
})

t.test('without Redis a wait still sees the change (MySQL re-checks), never a 500', async (t) => {
  const other = await buildService(identity.jwksUrl, { DATABASE_URL: harness.databaseUrl, REDIS_URL: 'redis://127.0.0.1:1' })
  t.teardown(() => other.app.close())
  await other.app.ready()
  const fan = await identity.signUp()
  const payment = await requestPayment(service, fan)
  const waiting = other.app.inject({ method: 'GET', url: `/payments/${payment.paymentId}?wait=20&status=REQUESTED`, headers: fan.headers })
  await settle()
  await handle(service, 'OrderStatusUpdatedEvent', processing(payment, fan.userId, 700))
  const response = await waiting
  t.equal(response.statusCode, 200)
  t.equal(response.json().status, 'COMPLETED')
  const timedOut = await other.app.inject({ method: 'GET', url: `/payments/${payment.paymentId}?wait=1&status=COMPLETED`, headers: fan.headers })
  t.equal(timedOut.statusCode, 200)
  t.equal(timedOut.json().status, 'COMPLETED')
})

t.test('closing the service answers its waiters with the current view at once', async (t) => {
  // Over a real socket: Fastify lets in-flight requests finish before onClose closes the pools.
  const other = await buildService(identity.jwksUrl, { DATABASE_URL: harness.databaseUrl })
  const base = await other.app.listen({ port: 0, host: '127.0.0.1' })
  const fan = await identity.signUp()
  const payment = await requestPayment(service, fan)
  const waiting = fetch(`${base}/payments/${payment.paymentId}?wait=30&status=REQUESTED`, { headers: fan.headers })
  await settle()
  const started = Date.now()
  await other.app.close()
  const response = await waiting
  t.equal(response.status, 200)
  t.equal(((await response.json()) as { status: string }).status, 'REQUESTED')
  t.ok(Date.now() - started < 5000, `closed and answered in ${Date.now() - started} ms, not after the 30 s wait`)
})
