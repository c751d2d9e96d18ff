import { randomUUID } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { importJWK, type JWK } from 'jose'
import type { EventPayload } from '@concert/outbox'
import { ALGORITHM, signAdmissionToken, type SigningKey } from '@concert/platform'
import { isolatedDatabase } from '@concert/platform/testing'
import { startIdentity, type Identity, type TestUser } from '@concert/user-service/testing'
import { buildOrderService, type OrderService } from '../app.ts'
import { loadOrderConfig } from '../config.ts'
import { onScheduleCreated } from '../events/consumers.ts'

/**
 * order-service in process against the real stack, with the real user-service issuing its tokens.
 * Kafka consumers stay off (tests call the handlers directly) and the sweeper starts only on request.
 * Without a `databaseUrl` it gets an isolated database of its own, dropped on close.
 */
export interface Harness {
  identity: Identity
  service: OrderService
  /** A signed-up fan with an admission for `performanceId`. */
  fan(performanceId?: string): Promise<Fan>
  /** The same fan with another admission (a new tokenId), for `performanceId` (default: the fan's). */
  admit(fan: Fan, performanceId?: string): Promise<Fan>
  /**
   * A schedule of `performanceId` in the read model, as ScheduleCreatedEvent puts it there; by default
   * on sale now (booking opened an hour ago, the show in 30 days).
   */
  schedule(performanceId: string, times?: Partial<ScheduleTimes>): Promise<string>
  reserve(fan: Fan, body: unknown, key?: string): Promise<LightMyRequestResponse>
  events(aggregateId: string): Promise<{ type: string; payload: Record<string, unknown> }[]>
  /** An admission token for `fan` signed with user-service's real key, expired a minute ago. */
  expiredAdmission(fan: Fan): Promise<string>
  close(): Promise<void>
}

export interface Fan extends TestUser {
  performanceId: string
  /** the admission's id (`jti`), which reservations record and AdmissionEndedEvent names */
  tokenId: string
  queueToken: string
}

export interface ScheduleTimes {
  startsAt: Date
  endsAt: Date
  bookingOpensAt: Date
}

export async function startHarness(overrides: Record<string, string> = {}, { sweeper = false, databaseUrl = '' } = {}): Promise<Harness> {
  const own = databaseUrl ? undefined : await isolatedDatabase('order')
  const identity = await startIdentity()
  const config = loadOrderConfig({
    ...process.env,
    DATABASE_URL: databaseUrl || own!.url,
    REDIS_URL: process.env['ORDER_REDIS_URL'],
    JWKS_URL: identity.jwksUrl,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    EVENT_CONSUMERS_ENABLED: 'false',
    ...overrides,
  })
  const service = await buildOrderService(config)
  await service.app.ready()
  if (sweeper) await service.start?.()
  const { app, db } = service
  // Admissions are signed with user-service's real key (what its waiting room does once a fan is
  // admitted), so a test can hold several for one fan and performance, which a live waiting room
  // would not hand out at once.
  const row = await identity.service.db.selectFrom('signing_key').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow()
  const key: SigningKey = { kid: row.kid, privateKey: (await importJWK(JSON.parse(row.private_jwk) as JWK, ALGORITHM)) as SigningKey['privateKey'] }
  const admission = async (user: TestUser, performanceId: string, expiresAt = new Date(Date.now() + 600_000)) => {
    const tokenId = randomUUID()
    return { performanceId, tokenId, queueToken: await signAdmissionToken(key, { userId: user.userId, performanceId, tokenId }, expiresAt) }
  }
  return {
    identity,
    service,
    async fan(performanceId = randomUUID()) {
      const user = await identity.signUp()
      return { ...user, ...(await admission(user, performanceId)) }
    },
    async admit(fan, performanceId = fan.performanceId) {
      return { ...fan, ...(await admission(fan, performanceId)) }
    },
    async schedule(performanceId, times = {}) {
      const startsAt = times.startsAt ?? new Date(Date.now() + 30 * 86_400_000)
      const event = {
        scheduleId: randomUUID(),
        performanceId,
        startsAt: startsAt.toISOString(),
        endsAt: (times.endsAt ?? new Date(startsAt.getTime() + 3 * 3_600_000)).toISOString(),
        bookingOpensAt: (times.bookingOpensAt ?? new Date(Date.now() - 3_600_000)).toISOString(),
        occurredAt: now(),
      }
      await db.transaction().execute((trx) => onScheduleCreated(trx, event))
      return event.scheduleId
    },
    reserve(fan, body, key = randomUUID()) {
      return app.inject({
        method: 'POST',
        url: '/reservations',
        headers: { ...fan.headers, 'x-queue-token': fan.queueToken, 'idempotency-key': key },
        payload: body as object,
      })
    },
    async events(aggregateId) {
      const rows = await db.selectFrom('outbox').select(['type', 'payload']).where('aggregateid', '=', aggregateId).orderBy('id').execute()
      // MariaDB hands JSON back as text, MySQL as an object.
      return rows.map((row) => ({ type: row.type, payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown> }))
    },
    async expiredAdmission(fan) {
      return (await admission(fan, fan.performanceId, new Date(Date.now() - 60_000))).queueToken
    },
    async close() {
      await app.close()
      await identity.close()
      await own?.drop()
    },
  }
}

/** What POST /reservations answered with 201. */
export interface Reserved {
  reservationId: string
  orderId: string
  scheduleId: string
  seatIds: number[]
  expiresAt: string
}

const now = () => new Date().toISOString()

/** concert-service's answer to a SeatReservedEvent it accepted: every seat priced at `price`. */
export function confirmation(reserved: Reserved, fan: Fan, price = 50_000): EventPayload<'ReservationConfirmedEvent'> {
  return {
    reservationId: reserved.reservationId,
    userId: fan.userId,
    performanceId: fan.performanceId,
    scheduleId: reserved.scheduleId,
    seatIds: reserved.seatIds,
    seats: reserved.seatIds.map((seatId) => ({ seatId, price })),
    amount: price * reserved.seatIds.length,
    scheduleEndsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    occurredAt: now(),
  }
}

export function paymentRequest(orderId: string, userId: string, paymentId = randomUUID()): EventPayload<'PaymentRequestedEvent'> {
  return { paymentId, orderId, userId, requestedAt: now(), occurredAt: now() }
}

export function pointsDeducted(request: EventPayload<'PaymentRequestedEvent'>, amount: number): EventPayload<'PointDeductedEvent'> {
  return { userId: request.userId, pointId: randomUUID(), amount, transactionDate: now(), paymentId: request.paymentId, orderId: request.orderId, occurredAt: now() }
}
