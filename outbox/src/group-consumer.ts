/**
 * One kafkajs consumer for one (group, topic), supervised so it cannot die silently:
 * - kafkajs restarts itself after a retriable crash; after a crash it will not restart from (a
 *   non-retriable error such as "The coordinator is not aware of this member", an unknown group
 *   coordinator, an incompatible group protocol) the consumer is thrown away and a new one created,
 *   with backoff, for as long as it takes;
 * - a record that must be retried holds only its own partition (pause + seek back + resume later):
 *   the other partitions keep flowing and heartbeats keep going;
 * - offset commits never throw into the handler: a failed one is logged and counted, and kafkajs's
 *   next heartbeat finds the lost membership and rejoins;
 * - health() says what the group is doing and since when it has not been consuming.
 */
import type { Consumer, ConsumerConfig, Kafka, KafkaMessage } from 'kafkajs'
import type { GroupHealth, GroupState, Logger } from './consumer-types.ts'
import { errorMessage } from './errors.ts'
import { CONSUMER_DEFAULTS } from './kafka-client.ts'
import type { BatchIO } from './batch-handler.ts'
import type { RecordIO } from './record-handler.ts'

export interface GroupConsumerOptions {
  kafka: Kafka
  groupId: string
  topic: string
  logger: Logger
  concurrency: number
  consumerConfig?: Partial<ConsumerConfig>
  graceMs: number
  restartMinMs: number
  restartMaxMs: number
  /** one fetched batch of one partition (batch-handler.ts) */
  handleBatch(topic: string, partition: number, messages: KafkaMessage[], io: BatchIO): Promise<void>
  onLag?(info: { groupId: string; topic: string; partition: number; lag: number }): void
}

export class GroupConsumer {
  private state: GroupState = 'stopped'
  private downSince: number | undefined = Date.now()
  private lastActivity = Date.now()
  private restarts = 0
  private commitFailures = 0
  private lastError: string | undefined
  private consumer: Consumer | undefined
  private generation = 0
  private stopping = false
  private restartDelay: number
  private restartTimer: NodeJS.Timeout | undefined
  private readonly held = new Map<number, NodeJS.Timeout>()

  constructor(private readonly o: GroupConsumerOptions) {
    this.restartDelay = o.restartMinMs
  }

  get groupId() {
    return this.o.groupId
  }

  /** First connection; a failure is retried in the background rather than thrown. */
  async start(): Promise<void> {
    this.stopping = false
    this.downSince = Date.now()
    await this.launch()
  }

  async stop(): Promise<void> {
    this.stopping = true
    clearTimeout(this.restartTimer)
    for (const t of this.held.values()) clearTimeout(t)
    this.held.clear()
    const c = this.consumer
    this.consumer = undefined
    this.generation++
    await c?.disconnect().catch((err: unknown) => this.o.logger.warn({ groupId: this.o.groupId, err }, 'consumer disconnect failed'))
    this.setState('stopped')
  }

  consuming(): boolean {
    return this.health(Date.now()).consuming
  }

  health(now = Date.now()): GroupHealth {
    let state = this.state
    // consuming but neither fetching nor finishing records: a wedged loop or a handler that hangs
    if (state === 'consuming' && now - this.lastActivity > this.o.graceMs) state = 'stalled'
    const downSince = state === 'stalled' ? this.lastActivity : this.downSince
    return {
      groupId: this.o.groupId,
      topic: this.o.topic,
      state,
      consuming: state === 'consuming',
      downForMs: state === 'consuming' || downSince === undefined ? null : now - downSince,
      restarts: this.restarts,
      commitFailures: this.commitFailures,
      pausedPartitions: [...this.held.keys()].sort((a, b) => a - b),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    }
  }

  private setState(state: GroupState) {
    if (state === this.state) return
    if (state === 'consuming') this.downSince = undefined
    else if (this.state === 'consuming' || this.downSince === undefined) this.downSince = Date.now()
    this.o.logger[state === 'consuming' || state === 'stopped' ? 'info' : 'warn']({ groupId: this.o.groupId, from: this.state, to: state }, 'consumer group state')
    this.state = state
  }

  private async launch(): Promise<void> {
    const generation = ++this.generation
    const { groupId, topic } = this.o
    const consumer = this.o.kafka.consumer({ ...CONSUMER_DEFAULTS, groupId, ...this.o.consumerConfig })
    this.consumer = consumer
    this.setState('starting')
    const current = () => generation === this.generation && !this.stopping
    const touch = () => { this.lastActivity = Date.now() }
    const { events } = consumer
    consumer.on(events.GROUP_JOIN, () => {
      if (!current()) return
      touch()
      this.restartDelay = this.o.restartMinMs
      this.setState('consuming')
    })
    consumer.on(events.REBALANCING, () => { if (current()) this.setState('rebalancing') })
    for (const e of [events.FETCH_START, events.FETCH, events.HEARTBEAT, events.START_BATCH_PROCESS]) consumer.on(e, () => { if (current()) touch() })
    consumer.on(events.END_BATCH_PROCESS, ({ payload }) => {
      if (!current()) return
      touch()
      this.o.onLag?.({ groupId, topic: payload.topic, partition: payload.partition, lag: Number(payload.offsetLag) })
    })
    consumer.on(events.CRASH, ({ payload }) => {
      if (!current()) return
      this.lastError = errorMessage(payload.error)
      this.o.logger.error({ groupId, err: payload.error, restart: payload.restart }, payload.restart ? 'kafka consumer crashed; kafkajs restarts it' : 'kafka consumer crashed; recreating it')
      if (payload.restart) this.setState('restarting')
      else this.recreate()
    })
    try {
      await consumer.connect()
      await consumer.subscribe({ topics: [topic], fromBeginning: true })
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: this.o.concurrency,
        // resolving is ours: records not handled (a held partition, a rebalance) are fetched again
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          touch()
          const { topic: t, partition } = batch
          await this.o.handleBatch(t, partition, batch.messages, {
            commit: (offset) => this.io(consumer, t, partition, offset).commit(),
            resolve: (offset) => { resolveOffset(offset); touch() },
            heartbeat: async () => { touch(); await heartbeat() },
            current: () => consumer === this.consumer && !this.stopping && isRunning() && !isStale(),
            record: (offset) => this.io(consumer, t, partition, offset),
          })
          touch()
        },
      })
    } catch (err) {
      if (!current()) return
      this.lastError = errorMessage(err)
      this.o.logger.error({ groupId, err }, 'kafka consumer failed to start; retrying')
      this.recreate()
    }
  }

  /** Throws the consumer away and creates a new one after a backoff (never while stopping). */
  private recreate() {
    if (this.stopping) return
    const old = this.consumer
    this.consumer = undefined
    this.generation++
    for (const t of this.held.values()) clearTimeout(t)
    this.held.clear()
    this.setState('restarting')
    const delay = this.restartDelay
    this.restartDelay = Math.min(this.o.restartMaxMs, delay * 2)
    clearTimeout(this.restartTimer)
    this.restartTimer = setTimeout(() => {
      void (async () => {
        await old?.disconnect().catch(() => undefined)
        if (this.stopping) return
        this.restarts++
        await this.launch()
      })()
    }, delay)
  }

  private io(consumer: Consumer, topic: string, partition: number, offset: string): RecordIO {
    return {
      stopping: () => this.stopping,
      commit: async () => {
        try {
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }])
        } catch (err) {
          this.commitFailures++
          this.o.logger.warn({ groupId: this.o.groupId, topic, partition, offset, err: errorMessage(err) },
            'offset commit failed; the record will be redelivered and skipped as a duplicate')
        }
      },
      retryLater: (delayMs) => {
        if (consumer !== this.consumer) return // recreated meanwhile: the new one starts from the committed offset
        consumer.pause([{ topic, partitions: [partition] }])
        consumer.seek({ topic, partition, offset }) // applied at the next fetch, once kafkajs has marked this one consumed
        clearTimeout(this.held.get(partition))
        this.held.set(partition, setTimeout(() => {
          this.held.delete(partition)
          if (consumer === this.consumer) consumer.resume([{ topic, partitions: [partition] }])
        }, delayMs))
      },
    }
  }
}
