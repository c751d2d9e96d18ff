/**
 * Which events each service consumes: the consumer groups the platform defines, in one place. A
 * service's consumer runs one group per topic, `<service>.<topic>` (consumer.ts), so this list gives
 * every group that should exist even before it first commits an offset (a quiet topic's group may
 * never have), which `pnpm ops status|lag` and each service's broker lag gauge rely on.
 * scripts/test/subscriptions.test.ts checks it against the handlers each service really registers.
 */
import { EVENT_CATALOG, type EventName } from './catalog.ts'

export const SUBSCRIPTIONS = {
  user: ['ScheduleCreatedEvent', 'ReservationPaidEvent'],
  concert: ['SeatReservedEvent', 'ReservationExpiredEvent', 'ReservationCancelledEvent', 'ReservationPaidEvent', 'RefundRequestedEvent'],
  order: [
    'ReservationConfirmedEvent', 'ReservationRollbackEvent', 'PaymentRequestedEvent', 'OrderRollbackEvent', 'PointDeductedEvent',
    'ScheduleCreatedEvent', 'AdmissionEndedEvent', 'PaymentRefundedEvent', 'RefundSeatsReleasedEvent',
  ],
  payment: [
    'OrderStatusUpdatedEvent', 'PaymentCompletedEvent', 'PaymentRollbackEvent', 'PointRollbackEvent', 'ReservationConfirmedEvent',
    'PointDeductedEvent', 'SeatReservedEvent', 'ReservationRollbackEvent', 'ReservationExpiredEvent', 'ReservationCancelledEvent',
    'ReservationPaidEvent', 'RefundRequestedEvent',
  ],
  review: ['ReservationPaidEvent', 'RefundRequestedEvent'],
} as const satisfies Record<string, readonly EventName[]>

export type SubscribedService = keyof typeof SUBSCRIPTIONS

export interface ConsumerGroup {
  service: string
  topic: string
  groupId: string
}

/** The group a service's consumer uses for a topic (the runtime's default `groupId`). */
export const consumerGroupId = (service: string, topic: string): string => `${service}.${topic}`

/** The topics a service consumes, sorted: one consumer group each. */
export function subscribedTopics(service: string): string[] {
  const events: readonly EventName[] = (SUBSCRIPTIONS as Record<string, readonly EventName[]>)[service] ?? []
  return [...new Set(events.map((name) => EVENT_CATALOG[name].topic as string))].sort()
}

/** Every consumer group the services define (or one service's), sorted by group id. */
export function consumerGroups(service?: string): ConsumerGroup[] {
  const services = service === undefined ? Object.keys(SUBSCRIPTIONS) : [service]
  return services
    .flatMap((s) => subscribedTopics(s).map((topic) => ({ service: s, topic, groupId: consumerGroupId(s, topic) })))
    .sort((a, b) => a.groupId.localeCompare(b.groupId))
}
