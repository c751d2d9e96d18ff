import type { Redis } from 'ioredis'
import { sql, type Kysely, type Migration } from 'kysely'
import type { JWTVerifyGetKey } from 'jose'
import type { Logger } from 'pino'
import { createEventConsumer, createKafka, startOutboxRetention, type ConsumerHealth, type EventConsumer, type EventHandlers, type SupervisionOptions } from '@concert/outbox'
import { createServiceApp, type ServiceApp } from './app.ts'
import { registerBrokerLag } from './broker-lag.ts'
import { brokers, trustedProxies } from './config.ts'
import { createDatabase, migrateToLatest } from './db.ts'
import { deleteOldIdempotencyKeys } from './idempotency.ts'
import { registerReadinessGauge, type ReadinessCheck } from './health.ts'
import { createLogger } from './lifecycle.ts'
import { createRedis, redisIsUp } from './redis.ts'
import { remoteKeys } from './tokens.ts'

/** The settings `createService` reads; every service config extends BaseConfig, so it has them. */
export interface ServiceRuntimeConfig {
  LOG_LEVEL: string
  DATABASE_URL: string
  REDIS_URL: string
  KAFKA_BROKERS: string
  EVENT_CONSUMERS_ENABLED: boolean
  OUTBOX_RETENTION_HOURS: number
  JWKS_URL?: string
  TRUSTED_PROXIES?: string
}

export interface ServiceOptions {
  /** Short name: `order` → `order-service`, consumer id `order`, Redis key prefix `order:`. */
  name: string
  description: string
  config: ServiceRuntimeConfig
  logger?: Logger
  migrations: Record<string, Migration>
  /** Token verification; defaults to user-service's JWKS at config.JWKS_URL. */
  keys?: JWTVerifyGetKey
  /** For services with Redis state: what degrades while Redis is away (readiness detail). */
  redis?: { degradedDetail: string }
  /** The service stores Idempotency-Keys (platform's idempotencyMigration): prune them daily. */
  idempotencyKeys?: boolean
  connectionLimit?: number
  /** The consumer runtime's grace period and restart backoff (defaults: RUNTIME_DEFAULTS.supervision of @concert/outbox). */
  consumerSupervision?: SupervisionOptions
}

type Stop = () => Promise<void> | void

export interface Service<DB> {
  app: ServiceApp
  db: Kysely<DB>
  logger: Logger
  /** The saga handlers this service applies; registered before `start`. */
  consume(handlers: EventHandlers<DB>): void
  /** Background work started after the server listens (sweepers, loops); returns how to stop it. */
  job(start: () => Stop): void
  /** Starts consumers and jobs; the app's onClose stops them and closes every client. */
  start(): Promise<void>
}

/**
 * What every service is made of, built once: its database (migrated), its Redis keys, its Fastify
 * app with readiness for MySQL, Redis and the Kafka consumer, its idempotent event consumer with
 * metrics, outbox retention, and an orderly shutdown. A service adds routes, handlers and jobs.
 */
export async function createService<DB>(options: ServiceOptions & { redis: { degradedDetail: string } }): Promise<Service<DB> & { redis: Redis }>
export async function createService<DB>(options: ServiceOptions): Promise<Service<DB>>
export async function createService<DB>(options: ServiceOptions): Promise<Service<DB> & { redis?: Redis }> {
  const { name, config } = options
  const proxies = trustedProxies(config.TRUSTED_PROXIES)
  const logger = options.logger ?? createLogger(`${name}-service`, config.LOG_LEVEL)
  const db = createDatabase<DB>({ url: config.DATABASE_URL, connectionLimit: options.connectionLimit ?? 10 })
  await migrateToLatest(db, options.migrations)
  const redis = options.redis ? createRedis({ url: config.REDIS_URL, keyPrefix: `${name}:`, logger }) : undefined

  let consumer: EventConsumer | undefined
  let consuming = false
  const readiness: Record<string, ReadinessCheck> = {
    mysql: { critical: true, probe: async () => (await sql`select 1`.execute(db), { status: 'up' }) },
    ...consumerChecks(() => (consuming ? consumer?.health() : undefined)),
  }
  if (redis && options.redis) {
    const detail = options.redis.degradedDetail
    readiness['redis'] = { critical: false, probe: async () => (redisIsUp(redis) ? { status: 'up' } : { status: 'degraded', detail }) }
  }
  if (!options.keys && !config.JWKS_URL) throw new Error(`${name}-service needs JWKS_URL or its own keys`)
  const app = await createServiceApp({
    service: `${name}-service`,
    title: `${name}-service`,
    description: options.description,
    logger,
    keys: options.keys ?? remoteKeys(config.JWKS_URL!),
    readiness,
    trustedProxies: proxies,
  })
  registerReadinessGauge(app.metrics.registry, readiness)

  const jobs: Array<() => Stop> = [
    () => startOutboxRetention(db, { retentionHours: config.OUTBOX_RETENTION_HOURS, logger }),
  ]
  if (options.idempotencyKeys) jobs.push(() => every(3_600_000, () => deleteOldIdempotencyKeys(db), logger, 'idempotency key cleanup'))
  const stops: Stop[] = []
  app.addHook('onClose', async () => {
    for (const stop of stops.reverse()) await stop()
    consuming = false
    await consumer?.stop()
    redis?.disconnect()
    await db.destroy()
  })

  return {
    app,
    db,
    logger,
    redis,
    consume(handlers) {
      consumer = createEventConsumer({
        kafka: { brokers: brokers(config.KAFKA_BROKERS), clientId: `${name}-service` },
        db,
        service: name,
        handlers,
        logger,
        onOutcome: (info) => app.metrics.observeOutcome(info),
        onLag: (info) => app.metrics.observeLag(info),
        onFatal: (error) => exitForRestart(app, logger, error),
        ...(options.consumerSupervision ? { supervision: options.consumerSupervision } : {}),
      })
      const c = consumer
      app.metrics.observeConsumers(() => c.health())
      if (config.EVENT_CONSUMERS_ENABLED) {
        // lag of this service's groups from the broker, which keeps rising if the consumer stalls or dies
        const kafka = createKafka({ brokers: brokers(config.KAFKA_BROKERS), clientId: `${name}-lag` })
        const stopLag = registerBrokerLag(app.metrics.registry, kafka, c.groups, logger)
        app.addHook('onClose', stopLag)
      }
    },
    job(start) {
      jobs.push(start)
    },
    async start() {
      if (consumer && config.EVENT_CONSUMERS_ENABLED) {
        await consumer.start()
        consuming = true
      }
      for (const start of jobs) stops.push(start())
    },
  }
}

/** Runs `work` every `intervalMs` (never overlapping itself); failures are logged and retried next time. */
export function every(intervalMs: number, work: () => Promise<unknown>, logger: Logger, what: string): Stop {
  let running: Promise<unknown> | undefined
  const timer = setInterval(() => {
    if (running) return
    running = work()
      .catch((error: Error) => logger.warn({ err: error.message }, `${what} failed; retrying next time`))
      .finally(() => { running = undefined })
  }, intervalMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}

const seconds = (ms: number | null) => `${Math.round((ms ?? 0) / 1000)} s`

/**
 * Readiness of the event consumers: `kafka` is degraded while any group is joining or rebalancing
 * (normal for seconds at start-up and when instances come and go); `consumers` fails readiness (503)
 * once a group has not been consuming its partitions for longer than the runtime's grace period.
 */
function consumerChecks(health: () => ConsumerHealth | undefined): Record<string, ReadinessCheck> {
  const notConsuming = (h: ConsumerHealth) => h.groups.filter((g) => !g.consuming)
  return {
    kafka: {
      critical: false,
      probe: async () => {
        const h = health()
        const down = h ? notConsuming(h) : []
        return down.length === 0
          ? { status: 'up' }
          : { status: 'degraded', detail: down.map((g) => `${g.groupId} ${g.state} ${seconds(g.downForMs)}`).join('; ') }
      },
    },
    consumers: {
      critical: true,
      probe: async () => {
        const h = health()
        if (!h || h.healthy) return { status: 'up' }
        const down = notConsuming(h).filter((g) => (g.downForMs ?? 0) >= h.graceMs)
        const detail = down.map((g) => `${g.groupId} not consuming for ${seconds(g.downForMs)} (${g.state}${g.lastError ? `: ${g.lastError.slice(0, 160)}` : ''})`)
        return { status: 'down', detail: detail.join('; ') }
      },
    },
  }
}

/** The consumer cannot make progress in this process: close what can be closed, exit 1, let the supervisor restart it. */
function exitForRestart(app: ServiceApp, logger: Logger, error: Error): void {
  logger.fatal({ err: error }, 'event consumer cannot make progress; exiting so the supervisor restarts this process')
  process.exitCode = 1
  setTimeout(() => process.exit(1), 10_000).unref()
  void app.close().finally(() => process.exit(1))
}
