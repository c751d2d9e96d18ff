/**
 * The balance cache converges to MySQL after Redis comes back, with no new charge to trigger it:
 * payment-service runs here with its Redis behind a TCP proxy the test cuts like an outage (its
 * repair job started, as in production); what Redis really holds is read straight from it.
 */
import t from 'tap'
import { startTcpProxy, waitFor } from '@concert/outbox/testing'
import { balanceKey } from '../db/balances.ts'
import { charge, paymentRedis, startHarness } from './helpers.ts'

const proxy = await startTcpProxy({ host: process.env['REDIS_HOST'] ?? '127.0.0.1', port: Number(process.env['REDIS_PORT'] ?? 6380) })
const url = new URL(String(process.env['PAYMENT_REDIS_URL']))
url.host = `127.0.0.1:${proxy.port}`
const harness = await startHarness({ REDIS_URL: url.toString() })
const { identity, service } = harness
await service.start!()
const redis = paymentRedis()
t.teardown(async () => {
  redis.disconnect()
  await harness.close()
  await proxy.close()
})
await waitFor(() => !service.balances.repair.stale, { what: 'the start-up repair' })

async function cutRedis() {
  await proxy.cut()
  await waitFor(async () => (await service.app.inject({ method: 'GET', url: '/health/ready' })).json().checks.redis.status === 'degraded', { what: 'the service to see Redis gone' })
}

/** The cache entry and the MySQL row, side by side. */
async function cachedAndTrue(userId: string) {
  const cached = await redis.hgetall(balanceKey(userId))
  const row = await service.db.selectFrom('point').select(['balance', 'version']).where('user_id', '=', userId).executeTakeFirstOrThrow()
  return { cached: { balance: cached['balance'], version: cached['version'] }, mysql: { balance: String(row.balance), version: String(row.version) } }
}

async function converged(userId: string) {
  await waitFor(async () => {
    const { cached, mysql } = await cachedAndTrue(userId)
    return cached.balance === mysql.balance && cached.version === mysql.version && !service.balances.repair.stale
  }, { what: 'the cached balance to equal MySQL', timeoutMs: 15_000 })
}

t.test('a charge committed while Redis is unreachable reaches the cache once it is back', async (t) => {
  const fan = await identity.signUp()
  t.equal((await charge(service, fan, 5_000)).statusCode, 200)
  t.same(await cachedAndTrue(fan.userId), { cached: { balance: '5000', version: '1' }, mysql: { balance: '5000', version: '1' } })

  await cutRedis()
  t.equal((await charge(service, fan, 2_000)).statusCode, 200, 'charges go on without Redis')
  t.same((await cachedAndTrue(fan.userId)).cached, { balance: '5000', version: '1' }, 'the cache missed the charge')
  const meanwhile = await service.app.inject({ method: 'GET', url: `/points/${fan.userId}`, headers: fan.headers })
  t.equal(meanwhile.json().balance, 7_000, 'meanwhile reads come from MySQL')

  await proxy.restore()
  await converged(fan.userId)
  t.same((await cachedAndTrue(fan.userId)).cached, { balance: '7000', version: '2' })
  const read = await service.app.inject({ method: 'GET', url: `/points/${fan.userId}`, headers: fan.headers })
  t.equal(read.json().balance, 7_000)
})

t.test('a Redis that comes back with an older balance (its last write lost) is rewritten', async (t) => {
  const fan = await identity.signUp()
  await charge(service, fan, 1_000)
  const before = await redis.hgetall(balanceKey(fan.userId))
  await charge(service, fan, 500)
  t.same((await cachedAndTrue(fan.userId)).cached, { balance: '1500', version: '2' }, 'the charge reached Redis')

  await cutRedis()
  // What an AOF missing its last second leaves: the entry as it was before the second charge.
  await redis.hset(balanceKey(fan.userId), before)
  t.same((await cachedAndTrue(fan.userId)).cached, { balance: '1000', version: '1' })
  await proxy.restore()
  await converged(fan.userId)
})

t.test('a read that saw MySQL before a lost charge and lands after the repair cannot win', async (t) => {
  const fan = await identity.signUp()
  await charge(service, fan, 3_000)
  const stale = await service.db.selectFrom('point').selectAll().where('user_id', '=', fan.userId).executeTakeFirstOrThrow()
  await redis.del(balanceKey(fan.userId))
  await cutRedis()
  await charge(service, fan, 1_000)
  await proxy.restore()
  await converged(fan.userId)
  await service.balances.refresh({ userId: fan.userId, balance: stale.balance, version: stale.version, updatedAt: stale.updated_at })
  t.same((await cachedAndTrue(fan.userId)).cached, { balance: '4000', version: '2' }, 'the repaired balance stayed')
})
