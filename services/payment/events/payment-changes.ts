import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Redis } from 'ioredis'
import type { EventHandler, EventName, EventPayload } from '@concert/outbox'
import { ChangeFeed } from '@concert/platform'
import type { PaymentStatus } from '../domain/payment.ts'
import { paymentStatuses } from '../db/payment-states.ts'
import type { PaymentDatabase } from '../db/schema.ts'

/** ACLs give payment-service the channels `payment:*`; ioredis does not prefix channels. */
export const PAYMENT_CHANGES_CHANNEL = 'payment:payment-changes'

export type PaymentFeed = ChangeFeed<PaymentStatus>

export function createPaymentFeed(options: { db: Kysely<PaymentDatabase>; redisUrl: string; publisher: Redis | undefined; logger: Logger }): PaymentFeed {
  return new ChangeFeed<PaymentStatus>({
    redisUrl: options.redisUrl,
    publisher: options.publisher,
    channel: PAYMENT_CHANGES_CHANNEL,
    probe: (ids) => paymentStatuses(options.db, ids),
    logger: options.logger,
  })
}

/** The consumed events that move a payment's status (db/payments.ts updatePaymentStatus), announced under its id. */
const CHANGES_PAYMENT = ['OrderStatusUpdatedEvent', 'PaymentRollbackEvent', 'RefundRequestedEvent'] as const satisfies readonly EventName[]

type Handlers = { [N in EventName]?: EventHandler<PaymentDatabase, N> }

/**
 * The handlers, those that move a payment announcing it after their transaction commits
 * (ctx.afterCommit), so a waiter never reads an older status than the notice. An ignored event changed nothing.
 */
export function announcingPaymentChanges<H extends Handlers>(handlers: H, feed: PaymentFeed): H {
  const wrapped: Record<string, unknown> = { ...handlers }
  for (const name of CHANGES_PAYMENT) {
    const handler = handlers[name] as EventHandler<PaymentDatabase, typeof name> | undefined
    if (!handler) continue
    const announcing: EventHandler<PaymentDatabase, typeof name> = async (trx, event, ctx) => {
      const result = await handler(trx, event, ctx)
      if (!result || result.outcome === 'applied') ctx.afterCommit(() => feed.publish((event as EventPayload<typeof name>).paymentId))
      return result
    }
    wrapped[name] = announcing
  }
  return wrapped as H
}
