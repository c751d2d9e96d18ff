import { randomUUID } from 'node:crypto'
import type { EventPayload } from '@concert/outbox'
import { testServiceEnv } from '@concert/platform/testing'
import { buildReviewService, type ReviewService } from './app.ts'
import { loadReviewConfig } from './config.ts'
import { recordAttendance } from './events/consumers.ts'

/**
 * review-service in process, for its own tests and the gateway's: real MariaDB and Redis from the
 * stack env, tokens verified against the given JWKS (an in-process user-service), no Kafka consumer.
 */
export async function startReviewService(jwksUrl: string, overrides: Record<string, string> = {}): Promise<ReviewService> {
  return buildReviewService(loadReviewConfig(testServiceEnv('review', { JWKS_URL: jwksUrl, ...overrides })))
}

/** A ReservationPaidEvent payload as order-service publishes it. */
export function reservationPaid(fields: Partial<EventPayload<'ReservationPaidEvent'>> & { userId: string; performanceId: string }): EventPayload<'ReservationPaidEvent'> {
  const now = new Date().toISOString()
  return {
    reservationId: randomUUID(),
    orderId: randomUUID(),
    scheduleId: randomUUID(),
    seatIds: [1, 2],
    scheduleEndsAt: new Date(Date.now() - 3_600_000).toISOString(),
    paidAt: now,
    occurredAt: now,
    ...fields,
  }
}

/** Applies ReservationPaidEvent as the consumer runtime would: inside one transaction. */
export function applyReservationPaid(service: ReviewService, event: EventPayload<'ReservationPaidEvent'>) {
  return service.db.transaction().execute((trx) => recordAttendance(trx, event))
}
