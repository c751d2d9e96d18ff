import { randomUUID } from 'node:crypto'
import rateLimit from '@fastify/rate-limit'
import { sql, type Kysely } from 'kysely'
import type { Logger } from 'pino'
import { createEventConsumer } from '@concert/outbox'
import {
  ProblemError, brokers, createDatabase, createLogger, createRedis, createServiceApp, migrateToLatest, redisIsUp, type Runnable,
} from '@concert/platform'
import type { UserConfig } from './config.ts'
import { migrations } from './db/migrations.ts'
import type { UserDatabase } from './db/schema.ts'
import { loadKeyRing } from './db/signing-keys.ts'
import { WaitingRoom } from './db/waiting-room.ts'
import { hashPassword } from './domain/password.ts'
import { startAdmissionLoop, waitingRoomMetrics } from './jobs/admission.ts'
import { userEventHandlers } from './events/consumers.ts'
import { sessionRoutes } from './routes/sessions.ts'
import { tokenRoutes } from './routes/tokens.ts'
import { userRoutes } from './routes/users.ts'

export interface UserService extends Runnable {
  db: Kysely<UserDatabase>
}

/** Makes sure the operator-configured admin exists with the configured password. */
async function ensureAdmin(db: Kysely<UserDatabase>, email: string, password: string): Promise<void> {
  const now = new Date()
  const passwordHash = await hashPassword(password)
  await db.insertInto('user')
    .values({ id: randomUUID(), email: email.toLowerCase(), name: 'Administrator', password_hash: passwordHash, role: 'admin', created_at: now, updated_at: now })
    .onDuplicateKeyUpdate({ role: 'admin', password_hash: passwordHash, updated_at: now })
    .execute()
}

export async function buildUserService(config: UserConfig, logger: Logger = createLogger('user-service', config.LOG_LEVEL)): Promise<UserService> {
  const db = createDatabase<UserDatabase>({ url: config.DATABASE_URL })
  const redis = createRedis({ url: config.REDIS_URL, keyPrefix: 'user:', logger })
  await migrateToLatest(db, migrations)
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) await ensureAdmin(db, config.ADMIN_EMAIL, config.ADMIN_PASSWORD)
  const keys = await loadKeyRing(db)
  const room = new WaitingRoom(redis, {
    admitPerSecond: config.QUEUE_ADMIT_PER_SECOND,
    activeLimit: config.QUEUE_ACTIVE_LIMIT,
    idleSeconds: config.QUEUE_IDLE_SECONDS,
    admissionTtlSeconds: config.ADMISSION_TTL_SECONDS,
  })

  const consumer = createEventConsumer({
    kafka: { brokers: brokers(config.KAFKA_BROKERS), clientId: 'user-service' },
    db,
    service: 'user',
    handlers: userEventHandlers(room),
    logger,
    onOutcome: (info) => app.metrics.observeOutcome(info),
    onLag: (info) => app.metrics.observeLag(info),
  })

  const app = await createServiceApp({
    service: 'user-service',
    title: 'user-service',
    description: 'Users, sign-in, signing keys (JWKS) and the waiting room',
    logger,
    keys: keys.verify,
    readiness: {
      mysql: { critical: true, probe: async () => (await sql`select 1`.execute(db), { status: 'up' }) },
      kafka: { critical: false, probe: async () => (consumer.ready() || !config.EVENT_CONSUMERS_ENABLED ? { status: 'up' } : { status: 'degraded', detail: 'event consumer has not joined its group' }) },
      redis: { critical: false, probe: async () => (redisIsUp(redis) ? { status: 'up' } : { status: 'degraded', detail: 'waiting room and rate limits unavailable' }) },
    },
  })
  // Budgets live in Redis so every instance shares them; if Redis is away, requests pass
  // (skipOnError) rather than locking everyone out.
  await app.register(rateLimit, {
    global: false,
    redis,
    nameSpace: 'ratelimit:',
    skipOnError: true,
    hook: 'preHandler',
    errorResponseBuilder: (_request, context) => new ProblemError(429, 'RATE_LIMITED', `Too many requests; retry in ${context.after}`),
  })

  const roomMetrics = waitingRoomMetrics(app.metrics.registry, room)
  userRoutes(app, db)
  sessionRoutes(app, {
    db, keys, accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS, attemptsPerMinute: config.SIGN_IN_ATTEMPTS_PER_MINUTE,
  })
  tokenRoutes(app, { db, room, keys, admitPerSecond: config.QUEUE_ADMIT_PER_SECOND, admissionTtlSeconds: config.ADMISSION_TTL_SECONDS })

  let stopAdmission: (() => Promise<void>) | undefined
  app.addHook('onClose', async () => {
    await stopAdmission?.()
    await consumer.stop()
    redis.disconnect()
    await db.destroy()
  })

  return {
    app,
    db,
    start: async () => {
      if (config.EVENT_CONSUMERS_ENABLED) await consumer.start()
      stopAdmission = startAdmissionLoop({
        db, room, logger, tickMs: config.QUEUE_TICK_MS, admissionTtlSeconds: config.ADMISSION_TTL_SECONDS, onAdmitted: roomMetrics.admitted,
      })
    },
  }
}
