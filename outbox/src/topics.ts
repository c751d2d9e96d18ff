/**
 * Kafka topics of the platform (SPEC §6). Each has TOPIC_PARTITIONS partitions and a dead-letter topic
 * `<topic>.dlq`; `pnpm infra up` creates all of them before any connector or service starts.
 */
export const TOPICS = [
  'reservation-topic',
  'reservation-confirmed-topic',
  'reservation-rollback-topic',
  'payment-topic',
  'order-topic',
  'order-rollback-topic',
  'point-topic',
  'payment-rollback-topic',
  'point-rollback-topic',
  'schedule-topic',
  'admission-topic',
  'refund-topic',
  'payment-refund-topic',
  'seat-release-topic',
] as const

export type Topic = (typeof TOPICS)[number]

export const dlqTopic = (t: string): string => `${t}.dlq`

export const TOPIC_PARTITIONS = 6
