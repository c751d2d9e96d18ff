import { randomUUID } from 'node:crypto'
import rateLimit from '@fastify/rate-limit'
import type { Kysely } from 'kysely'
import type { JWTVerifyGetKey } from 'jose'
import type { Logger } from 'pino'
import { ProblemError, createService, every, type Runnable } from '@concert/platform'
import type { UserConfig } from './config.ts'
import { migrations } from './db/migrations.ts'
import type { UserDatabase } from './db/schema.ts'
import { deleteExpiredRefreshTokens } from './db/refresh-tokens.ts'
import { loadKeyRing, type KeyRing } from './db/signing-keys.ts'
import { SignInThrottle } from './db/sign-in-throttle.ts'
import { WaitingRoom } from './db/waiting-room.ts'
import { hashPassword } from './domain/password.ts'
import { userEventHandlers } from './events/consumers.ts'
import { startAdmissionLoop, waitingRoomMetrics } from './jobs/admission.ts'
import { RoomWaiters } from './jobs/room-waiters.ts'
import { admissionBounds } from './domain/admission-control.ts'
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

export async function buildUserService(config: UserConfig, logger?: Logger): Promise<UserService> {
  // user-service verifies tokens with its own key ring (no JWKS round trip); the ring lives in its
  // database, so it is loaded once the database is migrated, before any request can arrive.
  let keys: KeyRing | undefined
  const verify: JWTVerifyGetKey = (header, token) => keys!.verify(header, token)
  const service = await createService<UserDatabase>({
    name: 'user',
    description: 'Users, sign-in, signing keys (JWKS) and the waiting room',
    config,
    logger,
    migrations,
    keys: verify,
    redis: { degradedDetail: 'waiting room and rate limits unavailable' },
  })
  const { app, db, redis } = service
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) await ensureAdmin(db, config.ADMIN_EMAIL, config.ADMIN_PASSWORD)
  keys = await loadKeyRing(db)
  const room = new WaitingRoom(redis, {
    admitPerSecond: config.QUEUE_ADMIT_PER_SECOND,
    activeLimit: config.QUEUE_ACTIVE_LIMIT,
    idleSeconds: config.QUEUE_IDLE_SECONDS,
    admissionTtlSeconds: config.ADMISSION_TTL_SECONDS,
    namespace: config.QUEUE_NAMESPACE,
  })
  service.consume(userEventHandlers(room))

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
  const throttle = new SignInThrottle(redis, {
    failuresBeforeDelay: config.SIGN_IN_FAILURES_BEFORE_DELAY, maxDelaySeconds: config.SIGN_IN_MAX_DELAY_SECONDS,
  })
  sessionRoutes(app, {
    db,
    keys,
    throttle,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    attemptsPerMinute: config.SIGN_IN_ATTEMPTS_PER_MINUTE,
  })
  const waiters = new RoomWaiters({
    redis, room, logger: service.logger, touchMs: Math.min(5_000, config.QUEUE_IDLE_SECONDS * 1000 / 3), registry: app.metrics.registry,
  })
  // Long-polls answer at once when shutdown begins, instead of holding the close for up to 30 s.
  app.addHook('preClose', (done) => {
    waiters.answerAll()
    done()
  })
  tokenRoutes(app, { db, room, keys, waiters, admitPerSecond: config.QUEUE_ADMIT_PER_SECOND, admissionTtlSeconds: config.ADMISSION_TTL_SECONDS })
  service.job(() => {
    waiters.start()
    return () => waiters.stop()
  })
  service.job(() => startAdmissionLoop({
    db, room, logger: service.logger, tickMs: config.QUEUE_TICK_MS, admissionTtlSeconds: config.ADMISSION_TTL_SECONDS, onAdmitted: roomMetrics.admitted,
    bounds: admissionBounds(config.QUEUE_ADMIT_PER_SECOND, config.QUEUE_ADMIT_MIN_PER_SECOND, Math.min(config.QUEUE_ACTIVE_TARGET, config.QUEUE_ACTIVE_LIMIT)),
  }))
  service.job(() => every(3_600_000, () => deleteExpiredRefreshTokens(db, new Date()), service.logger, 'refresh token cleanup'))

  return { app, db, start: service.start }
}
