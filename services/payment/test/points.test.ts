import { randomUUID } from 'node:crypto'
import t from 'tap'
import { balanceKey } from '../db/balances.ts'
import { balanceOf, buildService, charge, conservationViolations, paymentRedis, startHarness } from './helpers.ts'

const harness = await startHarness()
t.teardown(() => harness.close())
const { identity, service } = harness
const { app, db } = service
const redis = paymentRedis()
t.teardown(() => redis.disconnect())

const transactionsOf = (userId: string) => db.selectFrom('point_transaction').selectAll().where('user_id', '=', userId).execute()

t.test('charge, read the balance, list the transactions', async (t) => {
  const fan = await identity.signUp()
  const empty = await app.inject({ method: 'GET', url: `/points/${fan.userId}`, headers: fan.headers })
  t.equal(empty.statusCode, 200)
  t.same(empty.json(), { userId: fan.userId, balance: 0, updatedAt: null }, 'a user who never charged has 0 points')

  const first = await charge(service, fan, 30_000)
  t.equal(first.statusCode, 200)
  t.match(first.json(), { userId: fan.userId, balance: 30_000, transactionId: /^[0-9a-f-]{36}$/ })
  const second = await charge(service, fan, 12_345)
  t.same(second.json().balance, 42_345)

  const balance = await app.inject({ method: 'GET', url: `/points/${fan.userId}`, headers: fan.headers })
  t.equal(balance.statusCode, 200)
  t.match(balance.json(), { userId: fan.userId, balance: 42_345 })
  t.ok(Date.parse(balance.json().updatedAt), 'updatedAt is an ISO timestamp')
  t.equal(await balanceOf(service, fan.userId), 42_345)

  const list = await app.inject({ method: 'GET', url: `/points/${fan.userId}/transactions`, headers: fan.headers })
  t.equal(list.statusCode, 200)
  const body = list.json()
  t.match(body, { page: 1, size: 20, total: 2 })
  t.same(body.items.map((item: { transactionId: string }) => item.transactionId), [second.json().transactionId, first.json().transactionId], 'newest first')
  t.match(body.items[0], { type: 'CHARGE', amount: 12_345, balanceAfter: 42_345, createdAt: String })
  t.notOk('paymentId' in body.items[0], 'a charge belongs to no payment')

  const page2 = await app.inject({ method: 'GET', url: `/points/${fan.userId}/transactions?page=2&size=1`, headers: fan.headers })
  t.match(page2.json(), { page: 2, size: 1, total: 2 })
  t.equal(page2.json().items[0].transactionId, first.json().transactionId)
})

t.test('charge amounts out of bounds are 400 and change nothing', async (t) => {
  const fan = await identity.signUp()
  for (const amount of [0, -1, 10_000_001, '100', 1.5, null, true]) {
    const response = await charge(service, fan, amount as number)
    t.equal(response.statusCode, 400, `amount ${JSON.stringify(amount)}`)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.equal(response.json().code, 'VALIDATION_FAILED')
  }
  const headers = { ...fan.headers, 'idempotency-key': randomUUID(), 'content-type': 'application/json' }
  const cases: Array<[string, unknown]> = [
    ['missing amount', {}],
    ['extra field', { amount: 10, userId: randomUUID() }],
    ['malformed JSON', '{"amount": '],
    ['array body', '[10]'],
  ]
  for (const [name, payload] of cases) {
    const response = await app.inject({ method: 'POST', url: '/points/charge', headers, payload: payload as string })
    t.equal(response.statusCode, 400, name)
    t.match(response.json().code, /^(VALIDATION_FAILED|MALFORMED_JSON)$/, name)
  }
  const noKey = await app.inject({ method: 'POST', url: '/points/charge', headers: fan.headers, payload: { amount: 10 } })
  t.equal(noKey.statusCode, 400, 'the Idempotency-Key header is required')
  const badKey = await app.inject({ method: 'POST', url: '/points/charge', headers: { ...fan.headers, 'idempotency-key': 'not-a-uuid' }, payload: { amount: 10 } })
  t.equal(badKey.statusCode, 400, 'the Idempotency-Key must be a UUID')
  const anonymous = await app.inject({ method: 'POST', url: '/points/charge', headers: { 'idempotency-key': randomUUID() }, payload: { amount: 10 } })
  t.equal(anonymous.statusCode, 401)
  t.same(await transactionsOf(fan.userId), [], 'no transaction was written')
  t.equal(await balanceOf(service, fan.userId), undefined, 'no point row was created')
})

t.test('the balance cap is 100,000,000', async (t) => {
  const fan = await identity.signUp()
  for (let i = 0; i < 10; i++) t.equal((await charge(service, fan, 10_000_000)).statusCode, 200)
  t.equal(await balanceOf(service, fan.userId), 100_000_000, 'exactly the cap is fine')
  const over = await charge(service, fan, 1)
  t.equal(over.statusCode, 422)
  t.equal(over.json().code, 'BALANCE_LIMIT_EXCEEDED')
  t.equal(await balanceOf(service, fan.userId), 100_000_000)
  t.equal((await transactionsOf(fan.userId)).length, 10, 'the refused charge wrote nothing')
})

t.test('Idempotency-Key: a replay returns the first response, another body is 422', async (t) => {
  const fan = await identity.signUp()
  const key = randomUUID()
  const first = await charge(service, fan, 5_000, key)
  const replay = await charge(service, fan, 5_000, key)
  t.equal(replay.statusCode, 200)
  t.same(replay.json(), first.json(), 'the same response')
  t.equal(await balanceOf(service, fan.userId), 5_000, 'charged once')
  t.equal((await transactionsOf(fan.userId)).length, 1)

  const conflict = await charge(service, fan, 6_000, key)
  t.equal(conflict.statusCode, 422)
  t.equal(conflict.json().code, 'IDEMPOTENCY_CONFLICT')
  t.equal(await balanceOf(service, fan.userId), 5_000)

  const other = await identity.signUp()
  const sameKeyOtherUser = await charge(service, other, 5_000, key)
  t.equal(sameKeyOtherUser.statusCode, 200, 'keys are per user')
  t.equal(sameKeyOtherUser.json().userId, other.userId)
})

t.test("another user's points are not found", async (t) => {
  const fan = await identity.signUp()
  const other = await identity.signUp()
  await charge(service, other, 1_000)
  for (const url of [`/points/${other.userId}`, `/points/${other.userId}/transactions`]) {
    const response = await app.inject({ method: 'GET', url, headers: fan.headers })
    t.equal(response.statusCode, 404, url)
    t.equal(response.json().code, 'NOT_FOUND')
  }
  const badId = await app.inject({ method: 'GET', url: '/points/not-a-uuid', headers: fan.headers })
  t.equal(badId.statusCode, 400)
  const badPage = await app.inject({ method: 'GET', url: `/points/${fan.userId}/transactions?size=101`, headers: fan.headers })
  t.equal(badPage.statusCode, 400)
  const anonymous = await app.inject({ method: 'GET', url: `/points/${fan.userId}` })
  t.equal(anonymous.statusCode, 401)
})

t.test('concurrent charges on one user all count', async (t) => {
  const fan = await identity.signUp()
  const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => charge(service, fan, 1_000 + i)))
  t.same(responses.map((r) => r.statusCode), Array(20).fill(200))
  const expected = Array.from({ length: 20 }, (_, i) => 1_000 + i).reduce((a, b) => a + b, 0)
  t.equal(await balanceOf(service, fan.userId), expected)
  const rows = await transactionsOf(fan.userId)
  t.equal(rows.length, 20)
  t.same(rows.map((row) => row.balance_after).sort((a, b) => a - b).at(-1), expected, 'the last charge saw all the others')
  const response = await app.inject({ method: 'GET', url: `/points/${fan.userId}`, headers: fan.headers })
  t.equal(response.json().balance, expected, 'the cache converged to the final balance')
  t.equal(Number(await redis.hget(balanceKey(fan.userId), 'balance')), expected)
})

t.test('balances come from Redis, fall back to MySQL when it is cold or down', async (t) => {
  const fan = await identity.signUp()
  await charge(service, fan, 7_000)
  t.equal(await redis.hget(balanceKey(fan.userId), 'balance'), '7000', 'a charge writes the cache (payment:balance:{userId})')

  // Redis is what answers: a value only Redis has is served.
  await redis.hset(balanceKey(fan.userId), 'balance', '7777')
  const cached = await app.inject({ method: 'GET', url: `/points/${fan.userId}`, headers: fan.headers })
  t.equal(cached.json().balance, 7_777, 'served from Redis')

  await redis.del(balanceKey(fan.userId))
  const cold = await app.inject({ method: 'GET', url: `/points/${fan.userId}`, headers: fan.headers })
  t.equal(cold.json().balance, 7_000, 'a cold cache reads MySQL')
  t.equal(await redis.hget(balanceKey(fan.userId), 'balance'), '7000', 'and warms the cache')

  const redisless = await buildService(identity.jwksUrl, { DATABASE_URL: harness.databaseUrl, REDIS_URL: 'redis://127.0.0.1:1' })
  t.teardown(() => redisless.app.close())
  const down = await redisless.app.inject({ method: 'GET', url: `/points/${fan.userId}`, headers: fan.headers })
  t.equal(down.statusCode, 200)
  t.equal(down.json().balance, 7_000, 'with Redis unreachable the balance comes from MySQL')
  const charged = await charge(redisless, fan, 3_000)
  t.equal(charged.statusCode, 200, 'charging works without Redis')
  t.equal(charged.json().balance, 10_000)
  const ready = await redisless.app.inject({ method: 'GET', url: '/health/ready' })
  t.match(ready.json(), { status: 'degraded', checks: { redis: { status: 'degraded' }, mysql: { status: 'up' } } })
})

t.test('charges keep the books balanced', async (t) => {
  t.same(await conservationViolations(service), [])
})
