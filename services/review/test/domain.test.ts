import t from 'tap'
import { onReservationPaid } from '../domain/attendance.ts'
import { reviewEligibility } from '../domain/eligibility.ts'
import { summarize } from '../domain/rating.ts'

const now = new Date('2026-05-01T21:00:00.000Z')
const at = (iso: string) => ({ scheduleEndsAt: new Date(iso) })

t.test('eligibility: a paid reservation for a schedule that has ended', async (t) => {
  t.same(reviewEligibility([], now), { eligible: false, reason: 'NO_PAID_RESERVATION' }, 'no attendance')
  t.same(reviewEligibility([at('2026-05-01T20:59:59.999Z')], now), { eligible: true }, 'ended a moment ago')
  t.same(reviewEligibility([at('2026-05-01T21:00:00.000Z')], now), { eligible: true }, 'ends exactly now')
  t.same(
    reviewEligibility([at('2026-05-01T21:00:00.001Z')], now),
    { eligible: false, reason: 'SHOW_NOT_ENDED', endsAt: new Date('2026-05-01T21:00:00.001Z') },
    'still on stage',
  )
  t.same(reviewEligibility([at('2026-06-01T00:00:00Z'), at('2026-04-30T22:00:00Z')], now), { eligible: true }, 'one ended schedule is enough')
  t.same(
    reviewEligibility([at('2026-06-02T00:00:00Z'), at('2026-06-01T00:00:00Z')], now),
    { eligible: false, reason: 'SHOW_NOT_ENDED', endsAt: new Date('2026-06-01T00:00:00Z') },
    'names the earliest show to wait for',
  )
})

t.test('rating summary: null while empty, mean rounded to 2 decimals', async (t) => {
  t.same(summarize({ count: 0, sum: 0 }), { count: 0, averageRating: null })
  t.same(summarize({ count: 1, sum: 5 }), { count: 1, averageRating: 5 })
  t.same(summarize({ count: 3, sum: 13 }), { count: 3, averageRating: 4.33 })
  t.same(summarize({ count: 3, sum: 11 }), { count: 3, averageRating: 3.67 })
  t.same(summarize({ count: 200, sum: 889 }), { count: 200, averageRating: 4.45 }, '4.445 rounds half up')
  t.same(summarize({ count: 8, sum: 9 }), { count: 8, averageRating: 1.13 }, '1.125 rounds half up')
})

t.test('attendance: recorded once per reservation', async (t) => {
  t.same(onReservationPaid('NONE'), { outcome: 'record' })
  t.match(onReservationPaid('RECORDED'), { outcome: 'ignored', reason: /already recorded/ })
})
