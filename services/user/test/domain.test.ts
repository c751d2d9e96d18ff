import t from 'tap'
import { lockSchedule, lockSeconds, retryAfterSeconds } from '../domain/sign-in-throttle.ts'
import { judgeRefreshToken } from '../domain/session.ts'
import { saleState } from '../domain/waiting-room.ts'

t.test('sign-in locks grow from 1 s after the free failures and never exceed the cap (60 s by default)', async (t) => {
  const policy = { failuresBeforeDelay: 5, maxDelaySeconds: 60 }
  t.same(lockSchedule(policy), [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60])
  t.ok(Array.from({ length: 1000 }, (_, i) => lockSeconds(i + 1, policy)).every((seconds) => seconds <= 60), 'no lock over 60 s, however many failures')
  t.equal(lockSeconds(1000, policy), 60)
  t.same(lockSchedule({ failuresBeforeDelay: 1, maxDelaySeconds: 3 }), [0, 1, 2, 3])
  t.same([retryAfterSeconds(1), retryAfterSeconds(1000), retryAfterSeconds(1001), retryAfterSeconds(59_999)], [1, 1, 2, 60])
})

t.test('a refresh token is valid once; a rotated one is reuse; revoked, expired or unknown ones are invalid', async (t) => {
  const now = new Date('2030-01-01T00:00:00Z')
  const later = new Date(now.getTime() + 1000)
  const earlier = new Date(now.getTime() - 1000)
  t.equal(judgeRefreshToken({ expires_at: later, rotated_at: null, revoked_at: null }, now), 'valid')
  t.equal(judgeRefreshToken({ expires_at: later, rotated_at: earlier, revoked_at: null }, now), 'reused')
  t.equal(judgeRefreshToken({ expires_at: earlier, rotated_at: earlier, revoked_at: null }, now), 'reused', 'reuse of an expired rotated token still reveals the leak')
  t.equal(judgeRefreshToken({ expires_at: later, rotated_at: earlier, revoked_at: earlier }, now), 'invalid', 'a revoked family stays dead')
  t.equal(judgeRefreshToken({ expires_at: now, rotated_at: null, revoked_at: null }, now), 'invalid')
  t.equal(judgeRefreshToken(undefined, now), 'invalid')
})

t.test('a performance is on sale while one of its schedules is between bookingOpensAt and startsAt', async (t) => {
  const now = new Date('2030-01-01T12:00:00Z')
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000)
  t.equal(saleState([], now), 'unknown')
  t.equal(saleState([{ bookingOpensAt: at(10), startsAt: at(100) }], now), 'not-on-sale', 'not open yet')
  t.equal(saleState([{ bookingOpensAt: at(-100), startsAt: at(0) }], now), 'not-on-sale', 'started: closed')
  t.equal(saleState([{ bookingOpensAt: at(0), startsAt: at(1) }], now), 'on-sale', 'opens exactly now')
  t.equal(saleState([{ bookingOpensAt: at(-100), startsAt: at(-10) }, { bookingOpensAt: at(-1), startsAt: at(60) }], now), 'on-sale', 'any schedule on sale will do')
})
