import { randomUUID } from 'node:crypto'
import t from 'tap'
import { startIdentity } from '@concert/user-service/testing'
import { recordAttendance, reviewEventHandlers, withdrawAttendance } from '../events/consumers.ts'
import { applyReservationPaid, reservationPaid, startReviewService } from '../testing.ts'

const identity = await startIdentity()
const service = await startReviewService(identity.jwksUrl)
t.teardown(async () => {
  await service.app.close()
  await identity.close()
})

const attendanceOf = (userId: string) =>
  service.db.selectFrom('attendance').selectAll().where('user_id', '=', userId).orderBy('schedule_ends_at').execute()

t.test('ReservationPaidEvent records attendance once, however often it arrives', async (t) => {
  const event = reservationPaid({ userId: randomUUID(), performanceId: randomUUID(), scheduleEndsAt: '2026-03-01T22:00:00.000Z' })
  t.same(await applyReservationPaid(service, event), { outcome: 'applied' })
  t.match(await applyReservationPaid(service, event), { outcome: 'ignored', reason: /already recorded/ }, 'redelivery')
  t.match(await applyReservationPaid(service, { ...event, paidAt: new Date().toISOString() }), { outcome: 'ignored' }, 're-emitted with another timestamp')

  const rows = await attendanceOf(event.userId)
  t.equal(rows.length, 1)
  t.match(rows[0], {
    reservation_id: event.reservationId,
    performance_id: event.performanceId,
    schedule_id: event.scheduleId,
    schedule_ends_at: new Date('2026-03-01T22:00:00.000Z'),
  })
})

t.test('each paid reservation counts, in whatever order they arrive', async (t) => {
  const userId = randomUUID()
  const performanceId = randomUUID()
  const later = reservationPaid({ userId, performanceId, scheduleEndsAt: '2026-03-02T22:00:00.000Z' })
  const earlier = reservationPaid({ userId, performanceId, scheduleEndsAt: '2026-03-01T22:00:00.000Z' })
  t.same(await applyReservationPaid(service, later), { outcome: 'applied' })
  t.same(await applyReservationPaid(service, earlier), { outcome: 'applied' })
  t.same((await attendanceOf(userId)).map((row) => row.reservation_id), [earlier.reservationId, later.reservationId])
})

t.test('the consumer runtime is wired to these handlers and nothing else', async (t) => {
  t.equal(reviewEventHandlers.ReservationPaidEvent, recordAttendance)
  t.equal(reviewEventHandlers.RefundRequestedEvent, withdrawAttendance)
  t.same(Object.keys(reviewEventHandlers), ['ReservationPaidEvent', 'RefundRequestedEvent'])
})
