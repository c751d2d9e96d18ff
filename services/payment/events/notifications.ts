import { randomUUID } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import type { EventPayload, HandlerContext, HandlerResult } from '@concert/outbox'
import { paymentCompleted, reservationHeld, type NotificationContent } from '../domain/notifications.ts'
import { lockOrderView } from '../db/orders.ts'
import type { PaymentDatabase } from '../db/schema.ts'
import { applied, ignored } from './outcomes.ts'

type Trx = Transaction<PaymentDatabase>

/**
 * Records a notification inside a savepoint: if the insert fails, only the savepoint is rolled back,
 * the failure is logged, and the event still counts as applied. Delivery is the log line written
 * after the commit (the "send"); a real sender would hang off the same hook.
 */
export async function notify(trx: Trx, userId: string, content: NotificationContent, ctx: HandlerContext): Promise<HandlerResult> {
  const notification = { id: randomUUID(), user_id: userId, type: content.type, title: content.title, body: content.body, reference_id: content.referenceId, created_at: new Date() }
  await sql`SAVEPOINT notification`.execute(trx)
  try {
    await trx.insertInto('notification').values(notification).execute()
    await sql`RELEASE SAVEPOINT notification`.execute(trx)
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT notification`.execute(trx)
    ctx.logger.warn({ err: (error as Error).message, userId, type: content.type, referenceId: content.referenceId }, 'notification not recorded')
    return applied
  }
  ctx.afterCommit(() => ctx.logger.info({ notificationId: notification.id, userId, type: content.type, title: content.title }, 'notification sent'))
  return applied
}

/**
 * "Your seats are held" — unless the reservation has already ended: concert held them late (a
 * SeatReservedEvent replayed after a cancellation) and order-service is about to free them again.
 * An order this service has not heard of yet (its SeatReservedEvent comes on another topic) is told.
 */
export async function onReservationConfirmed(trx: Trx, event: EventPayload<'ReservationConfirmedEvent'>, ctx: HandlerContext): Promise<HandlerResult> {
  const order = await lockOrderView(trx, event.reservationId)
  if (order?.status === 'ENDED') return ignored('the reservation has already ended: no hold to tell about')
  return notify(trx, event.userId, reservationHeld(event), ctx)
}

export const onPointDeducted = (trx: Trx, event: EventPayload<'PointDeductedEvent'>, ctx: HandlerContext) =>
  notify(trx, event.userId, paymentCompleted(event), ctx)
