/** Kafka clients with the runtime's defaults; the settings are explained in outbox/README.md ("Settings"). */
import {
  Kafka,
  Partitioners,
  logLevel as KafkaLogLevel,
  type ConsumerConfig,
  type LogEntry,
  type Producer,
} from 'kafkajs'
import { noopLogger, type Logger } from './consumer-types.ts'

export function brokersFromEnv(): string[] {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean)
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set (e.g. 127.0.0.1:9092)')
  return brokers
}

/** A kafkajs logCreator writing to a pino-like logger. */
export function kafkaLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log
      const obj = { kafkajs: true, ...extra }
      if (level <= KafkaLogLevel.ERROR) logger.error(obj, message)
      else if (level === KafkaLogLevel.WARN) logger.warn(obj, message)
      else if (level === KafkaLogLevel.INFO) logger.info(obj, message)
      else logger.debug(obj, message)
    }
}

/** A Kafka client with the runtime's defaults (fast retries, logs through `logger`). */
export function createKafka(opts: { brokers?: string[]; clientId?: string; logger?: Logger } = {}): Kafka {
  return new Kafka({
    clientId: opts.clientId ?? 'concert',
    brokers: opts.brokers ?? brokersFromEnv(),
    logLevel: KafkaLogLevel.WARN,
    logCreator: kafkaLogCreator(opts.logger ?? noopLogger),
    retry: { initialRetryTime: 100, retries: 8, maxRetryTime: 5_000 },
  })
}

/** A producer configured like the runtime's DLQ producer (Java-compatible partitioner, acks all). */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false })
}

/**
 * The consumer settings of every group (README "Settings"). A crashed instance's partitions move to a
 * live one after the session times out: 10 s keeps a killed service's sagas stalled for seconds,
 * not half a minute; a longer pause (GC, SIGSTOP) costs a rejoin, which the runtime survives.
 */
export const CONSUMER_DEFAULTS = {
  // how long the broker holds an EMPTY fetch: a record returns the fetch at once, so this is idle cost
  // (README "Settings"). Rebalances are still noticed within ~1 s: the heartbeat (every 1 s) follows
  // each fetch, so at 1 s every fetch carries one, as 10 fetches did at 100 ms
  maxWaitTimeInMs: 1_000,
  sessionTimeout: 10_000,
  heartbeatInterval: 1_000,
  rebalanceTimeout: 30_000,
  allowAutoTopicCreation: false,
  retry: { initialRetryTime: 100, retries: 10, maxRetryTime: 5_000 },
} satisfies Partial<ConsumerConfig>

/**
 * Moves a stopped consumer group back to the earliest offsets of `topic`, so its next start re-reads
 * everything (each record is then skipped as a duplicate by processed_event). The group must be empty.
 */
export async function resetGroupToEarliest(kafka: Kafka, groupId: string, topic: string): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    await admin.resetOffsets({ groupId, topic, earliest: true })
  } finally {
    await admin.disconnect()
  }
}
