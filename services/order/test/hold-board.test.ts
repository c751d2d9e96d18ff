/**
 * The hold board (db/hold-board.ts): a hold is on `order:board:{scheduleId}` (seat → expiresAt ms) when
 * POST /reservations answers 201, leaves it on DELETE and when concert refuses the seats, stops
 * counting at its expiry and is pruned by the next write; with Redis cut, holds still go through and
 * the board is repaired from MySQL once Redis is back.
 */
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { Redis } from 'ioredis'
import { startTcpProxy } from '@concert/outbox/testing'
import { withHoldBoard, orderEventHandlers } from '../events/consumers.ts'
import type { HandlerContext } from '@concert/outbox'
import { startHarness, type Harness } from './harness.ts'

const redis = new Redis(String(process.env['ORDER_REDIS_URL']), { keyPrefix: 'order:' })
t.teardown(() => redis.disconnect())
const board = (scheduleId: string) => redis.zrange(`board:${scheduleId}`, 0, -1, 'WITHSCORES')
const live = async (scheduleId: string) => (await redis.zrangebyscore(`board:${scheduleId}`, `(${Date.now()}`, '+inf')).map(Number)

async function hold(h: Harness, seatIds: number[]) {
  const fan = await h.fan()
  const scheduleId = await h.schedule(fan.performanceId)
  const res = await h.reserve(fan, { scheduleId, seatIds })
  if (res.statusCode !== 201) throw new Error(`hold: ${res.statusCode} ${res.body}`)
  return { fan, scheduleId, reserved: res.json() as { reservationId: string; expiresAt: string; seatIds: number[] } }
}

t.test('on the board when the 201 arrives, off after DELETE and after a refusal', async (t) => {
  const h = await startHarness()
  t.teardown(() => h.close())
  const { fan, scheduleId, reserved } = await hold(h, [7, 3])
  const expires = String(new Date(reserved.expiresAt).getTime())
  t.same(await board(scheduleId), ['3', expires, '7', expires], 'both seats, scored with expiresAt')

  const cancelled = await h.service.app.inject({ method: 'DELETE', url: `/reservations/${reserved.reservationId}`, headers: fan.headers })
  t.equal(cancelled.statusCode, 200)
  t.same(await board(scheduleId), [], 'DELETE takes them off')

  const refused = await hold(h, [5])
  const handlers = withHoldBoard(orderEventHandlers, h.service.board)
  const after: Array<() => unknown> = []
  const ctx = { afterCommit: (fn: () => unknown) => after.push(fn) } as unknown as HandlerContext<'ReservationRollbackEvent'>
  await h.service.db.transaction().execute((trx) => handlers.ReservationRollbackEvent!(trx, { reservationId: refused.reserved.reservationId, reason: 'SEAT_UNAVAILABLE', occurredAt: new Date().toISOString() } as never, ctx))
  for (const fn of after) await fn()
  t.same(await board(refused.scheduleId), [], 'a refusal by concert takes it off')
})

t.test("a late release never removes the next fan's hold of the seat", async (t) => {
  const h = await startHarness()
  t.teardown(() => h.close())
  const scheduleId = randomUUID()
  const expiresAt = new Date(Date.now() + 60_000)
  // The service's Redis connection may still be connecting (writes fail fast then, as designed).
  for (let i = 0; i < 50 && (await live(scheduleId)).length === 0; i++) {
    await h.service.board.held({ scheduleId, seatIds: [1], expiresAt })
    await new Promise((r) => setTimeout(r, 100))
  }
  await h.service.board.released({ scheduleId, seatIds: [1], expiresAt: new Date(Date.now() + 30_000) })
  t.same(await live(scheduleId), [1], 'another hold (other expiresAt) is kept')
  await h.service.board.released({ scheduleId, seatIds: [1], expiresAt })
  t.same(await live(scheduleId), [], 'its own release removes it')
})

t.test('a hold stops counting at its expiry and the next write prunes it', async (t) => {
  const h = await startHarness({ HOLD_TTL_SECONDS: '1' })
  t.teardown(() => h.close())
  const first = await hold(h, [1])
  t.same(await live(first.scheduleId), [1])
  await new Promise((r) => setTimeout(r, 1200))
  t.same(await live(first.scheduleId), [], 'expired: no longer counts, with no sweeper and no removal')
  await h.service.board.held({ scheduleId: first.scheduleId, seatIds: [2], expiresAt: new Date(Date.now() + 60_000) })
  t.same((await board(first.scheduleId)).filter((_, i) => i % 2 === 0), ['2'], 'the next write pruned the expired entry')
  t.ok(await redis.pttl(`board:${first.scheduleId}`) > 0, 'the key expires with its last hold')
})

t.test('Redis cut: holds still answer 201; the board is repaired from MySQL once Redis is back', async (t) => {
  const url = new URL(String(process.env['ORDER_REDIS_URL']))
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) })
  url.port = String(proxy.port)
  const h = await startHarness({ REDIS_URL: url.toString() })
  t.teardown(async () => {
    await h.close()
    await proxy.close()
  })
  const stop = h.service.board.repair.start()
  t.teardown(stop)
  await proxy.cut()
  const { scheduleId } = await hold(h, [4, 9])
  t.same(await live(scheduleId), [], 'nothing reached the board')
  await proxy.restore()
  const deadline = Date.now() + 15_000
  while ((await live(scheduleId)).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
  t.same(await live(scheduleId), [4, 9], 'repaired from the live holds in MySQL')
})
