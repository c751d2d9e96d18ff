/**
 * CacheRepair against the real Redis, reached through a TCP proxy the test cuts like an outage would:
 * a new process repairs the last minutes at start-up, a failed write or a lost connection is repaired
 * once Redis answers again (and not before), a failing repair is retried until it passes, and a Redis
 * that restarted (a run_id other than the one recorded) has the cache's restored entries deleted,
 * once for all instances. Keys live under a prefix of this test's own.
 */
import t from 'tap'
import pino from 'pino'
import { randomSuffix, startTcpProxy, waitFor } from '@concert/outbox/testing'
import { CACHE_REPAIR_DEFAULTS, CacheRepair, createRedis } from '../src/index.ts'

const logger = pino({ level: 'silent' })
const proxy = await startTcpProxy({ host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6380) })
const url = new URL(process.env.USER_REDIS_URL!)
url.host = `127.0.0.1:${proxy.port}`
const prefix = `user:cache-repair-test:${randomSuffix()}:`
const redis = createRedis({ url: url.toString(), keyPrefix: prefix, logger })
// A second client straight to Redis: what is really stored, whatever the proxy does.
const direct = createRedis({ url: process.env.USER_REDIS_URL!, keyPrefix: prefix, logger })
t.teardown(async () => {
  const [, leftovers] = await direct.scan('0', 'MATCH', `${prefix}*`, 'COUNT', 100_000)
  if (leftovers.length > 0) await direct.unlink(...leftovers.map((key) => key.slice(prefix.length)))
  redis.disconnect()
  direct.disconnect()
  await proxy.close()
})
await waitFor(() => redis.status === 'ready' && direct.status === 'ready', { what: 'Redis' })

/** A repair whose rewrites are recorded (and fail while `failures` > 0). */
function repairOf(options: { failures?: number } = {}) {
  const calls: Date[] = []
  let failures = options.failures ?? 0
  const repair = new CacheRepair({
    redis,
    what: 'test entries',
    keys: 'entry:*',
    logger,
    retryMs: 100,
    rewriteChangedSince: async (since) => {
      calls.push(since)
      if (failures-- > 0) throw new Error('MySQL is away')
    },
  })
  return { repair, calls }
}

const near = (actual: Date | undefined, expected: number) => actual !== undefined && Math.abs(actual.getTime() - expected) < 1_000
const { marginMs, startupLookbackMs } = CACHE_REPAIR_DEFAULTS

t.test('at start-up: a first look at this Redis deletes restored entries, then the last minutes are rewritten', async (t) => {
  await direct.set('entry:1', 'from an older Redis')
  await direct.set('other:1', 'not this cache')
  const { repair, calls } = repairOf()
  const startedAt = Date.now()
  t.ok(repair.stale, 'a new process does not trust the cache')
  const stop = repair.start()
  t.teardown(stop)
  await waitFor(() => !repair.stale, { what: 'the start-up repair' })
  t.equal(calls.length, 1)
  t.ok(near(calls[0], startedAt - startupLookbackMs - marginMs), `since ${calls[0]?.toISOString()}`)
  t.equal(await direct.get('entry:1'), null, 'no run_id recorded: entries deleted')
  t.equal(await direct.get('other:1'), 'not this cache', 'only the cache\'s keys')
  t.match(await direct.get('redis-run-id:entry'), /^\w{40}$/, 'this Redis is recorded')
})

t.test('another instance, same Redis: nothing is deleted', async (t) => {
  await direct.set('entry:2', 'current')
  const { repair, calls } = repairOf()
  const stop = repair.start()
  t.teardown(stop)
  await waitFor(() => calls.length === 1 && !repair.stale, { what: 'the start-up repair' })
  t.equal(await direct.get('entry:2'), 'current')
})

t.test('a write lost while Redis is cut is repaired once it is back, not before; a failing repair is retried', async (t) => {
  const { repair, calls } = repairOf({ failures: 2 })
  const stop = repair.start()
  t.teardown(stop)
  await waitFor(() => calls.length === 3 && !repair.stale, { what: 'the start-up repair, after two failures' })

  const cutAt = Date.now()
  await proxy.cut()
  await waitFor(() => redis.status !== 'ready', { what: 'the client to notice' })
  t.ok(repair.stale, 'a lost connection marks the cache stale')
  await new Promise((resolve) => setTimeout(resolve, 300))
  repair.markStale()
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.equal(calls.length, 3, 'no repair while Redis is away')

  await proxy.restore()
  await waitFor(() => calls.length === 4 && !repair.stale, { what: 'the repair after Redis is back', timeoutMs: 10_000 })
  t.ok(near(calls[3], cutAt - marginMs), `since ${calls[3]?.toISOString()}: from the outage on`)
})

t.test('a write that failed with Redis up (a timeout) is repaired right away', async (t) => {
  const { repair, calls } = repairOf()
  const stop = repair.start()
  t.teardown(stop)
  await waitFor(() => calls.length === 1 && !repair.stale)
  const failedAt = Date.now()
  repair.markStale()
  await waitFor(() => calls.length === 2 && !repair.stale, { what: 'the repair' })
  t.ok(near(calls[1], failedAt - marginMs))
})

t.test('a restarted Redis (another run_id than recorded): its restored entries are deleted, once', async (t) => {
  const { repair, calls } = repairOf()
  const stop = repair.start()
  t.teardown(stop)
  await waitFor(() => calls.length === 1 && !repair.stale)
  await direct.set('entry:3', 'restored from an old AOF')
  await direct.set('redis-run-id:entry', 'a-redis-before-the-restart')
  await proxy.cut()
  await waitFor(() => redis.status !== 'ready')
  await proxy.restore()
  await waitFor(() => calls.length === 2 && !repair.stale, { what: 'the repair after the reconnect', timeoutMs: 10_000 })
  t.equal(await direct.get('entry:3'), null, 'deleted')
  t.match(await direct.get('redis-run-id:entry'), /^\w{40}$/, 'the new Redis is recorded')

  await direct.set('entry:4', 'written by the new Redis\'s clients')
  repair.markStale()
  await waitFor(() => calls.length === 3 && !repair.stale)
  t.equal(await direct.get('entry:4'), 'written by the new Redis\'s clients', 'not deleted again')
})

t.test('a stopped repair does nothing', async (t) => {
  const { repair, calls } = repairOf()
  const stop = repair.start()
  await waitFor(() => calls.length === 1 && !repair.stale)
  await stop()
  repair.markStale()
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(calls.length, 1)
})
