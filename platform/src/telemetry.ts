import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import { onEventAppended, type ConsumerHealth, type EventName, type OutcomeInfo } from '@concert/outbox'

/** Which appended events end a saga, and how: counted where the deciding service writes them. */
const SAGA_OUTCOMES: Partial<Record<EventName, { saga: string; outcome: string }>> = {
  ReservationConfirmedEvent: { saga: 'reservation', outcome: 'held' },
  ReservationRollbackEvent: { saga: 'reservation', outcome: 'rolled_back' },
  ReservationExpiredEvent: { saga: 'reservation', outcome: 'expired' },
  ReservationCancelledEvent: { saga: 'reservation', outcome: 'cancelled' },
  ReservationPaidEvent: { saga: 'payment', outcome: 'confirmed' },
  OrderRollbackEvent: { saga: 'payment', outcome: 'rolled_back' },
  PointRollbackEvent: { saga: 'payment', outcome: 'refunded' },
}

/**
 * The metrics every service shares (SPEC §9, dashboards in debezium/grafana): events appended and
 * consumed, consumer lag, saga outcomes, step latency, cache hits. Service-specific gauges (holds,
 * waiting room) are registered by the service on the same registry.
 */
export class ServiceMetrics {
  private readonly appended: Counter<'type'>
  private readonly consumed: Counter<'topic' | 'consumer' | 'outcome'>
  private readonly retries: Counter<'topic' | 'consumer'>
  private readonly stepLatency: Histogram<'consumer' | 'event'>
  private readonly lag: Gauge<'group' | 'topic' | 'partition'>
  private readonly sagas: Counter<'saga' | 'outcome'>
  private readonly cacheRequests: Counter<'cache' | 'result'>
  private readonly stopObserving: () => void

  constructor(readonly registry: Registry) {
    const registers = [registry]
    this.appended = new Counter({ name: 'events_appended_total', help: 'Outbox events written, by type', labelNames: ['type'], registers })
    this.consumed = new Counter({
      name: 'events_consumed_total',
      help: 'Kafka records handled, by outcome (applied, ignored, duplicate, skipped, dlq)',
      labelNames: ['topic', 'consumer', 'outcome'],
      registers,
    })
    this.retries = new Counter({ name: 'events_retried_total', help: 'Handler attempts that failed and were retried', labelNames: ['topic', 'consumer'], registers })
    this.stepLatency = new Histogram({
      name: 'event_consume_lag_seconds',
      help: 'Saga step latency: from the event occurring (outbox commit) to its consumer applying it',
      labelNames: ['consumer', 'event'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60],
      registers,
    })
    this.lag = new Gauge({ name: 'kafka_consumer_lag', help: 'Records behind the partition end, per consumer group', labelNames: ['group', 'topic', 'partition'], registers })
    this.sagas = new Counter({ name: 'saga_outcomes_total', help: 'Saga endings decided by this service', labelNames: ['saga', 'outcome'], registers })
    this.cacheRequests = new Counter({ name: 'cache_requests_total', help: 'Cache reads by result (hit, miss, error)', labelNames: ['cache', 'result'], registers })
    this.stopObserving = onEventAppended((type) => {
      this.appended.inc({ type })
      const outcome = SAGA_OUTCOMES[type]
      if (outcome) this.sagas.inc(outcome)
    })
  }

  /** For the consumer runtime's `onOutcome`. */
  readonly observeOutcome = (info: OutcomeInfo): void => {
    this.consumed.inc({ topic: info.topic, consumer: info.consumer, outcome: info.outcome })
    if (info.attempts > 1) this.retries.inc({ topic: info.topic, consumer: info.consumer }, info.attempts - 1)
    if (info.outcome === 'applied' && info.occurredAt && info.eventType) {
      const seconds = (Date.now() - Date.parse(info.occurredAt)) / 1000
      if (seconds >= 0) this.stepLatency.observe({ consumer: info.consumer, event: info.eventType }, seconds)
    }
  }

  /** For the consumer runtime's `onLag`. */
  readonly observeLag = (info: { groupId: string; topic: string; partition: number; lag: number }): void => {
    this.lag.set({ group: info.groupId, topic: info.topic, partition: String(info.partition) }, info.lag)
  }

  /**
   * The consumer runtime's state per group, read at scrape time: `event_consumer_up` is 0 while a group
   * is not consuming its partitions (joining, rebalancing, restarting, stalled, stopped) — alert on it
   * staying 0 longer than the runtime's grace period.
   */
  observeConsumers(health: () => ConsumerHealth): void {
    const registers = [this.registry]
    const groups = () => health().groups
    new Gauge({
      name: 'event_consumer_up',
      help: 'Whether the consumer group is consuming its assigned partitions (1) or not (0)',
      labelNames: ['group', 'topic'],
      registers,
      collect() {
        this.reset()
        for (const g of groups()) this.set({ group: g.groupId, topic: g.topic }, g.consuming ? 1 : 0)
      },
    })
    new Gauge({
      name: 'event_consumer_down_seconds',
      help: 'How long the consumer group has not been consuming (0 while it is)',
      labelNames: ['group'],
      registers,
      collect() {
        this.reset()
        for (const g of groups()) this.set({ group: g.groupId }, (g.downForMs ?? 0) / 1000)
      },
    })
    new Gauge({
      name: 'event_consumer_paused_partitions',
      help: 'Partitions held back while their head record is retried (a transient failure)',
      labelNames: ['group'],
      registers,
      collect() {
        this.reset()
        for (const g of groups()) this.set({ group: g.groupId }, g.pausedPartitions.length)
      },
    })
    new Counter({
      name: 'event_consumer_restarts_total',
      help: 'Kafka consumers recreated by the runtime after kafkajs gave up on one',
      labelNames: ['group'],
      registers,
      collect() {
        this.reset()
        for (const g of groups()) this.inc({ group: g.groupId }, g.restarts)
      },
    })
    new Counter({
      name: 'event_offset_commit_failures_total',
      help: 'Offset commits that failed (the record is redelivered and skipped as a duplicate)',
      labelNames: ['group'],
      registers,
      collect() {
        this.reset()
        for (const g of groups()) this.inc({ group: g.groupId }, g.commitFailures)
      },
    })
  }

  cache(cache: string, result: 'hit' | 'miss' | 'error'): void {
    this.cacheRequests.inc({ cache, result })
  }

  close(): void {
    this.stopObserving()
  }
}
