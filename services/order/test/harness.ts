import { randomUUID } from 'node:crypto'
import { startIdentity, type Identity, type TestUser } from '@concert/user-service/testing'
import { buildOrderService, type OrderService } from '../app.ts'
import { loadOrderConfig } from '../config.ts'

/**
 * order-service in process against the real stack, with the real user-service issuing its tokens.
 * Kafka consumers stay off (tests call the handlers directly) and the sweeper starts only on request.
 */
export interface Harness {
  identity: Identity
  service: OrderService
  /** A signed-up fan with an admission for `performanceId`. */
  fan(performanceId?: string): Promise<Fan>
  reserve(fan: Fan, body: unknown, key?: string): ReturnType<OrderService['app']['inject']>
  events(aggregateId: string): Promise<{ type: string; payload: Record<string, unknown> }[]>
  close(): Promise<void>
}

export interface Fan extends TestUser {
  performanceId: string
  queueToken: string
}

export async function startHarness(overrides: Record<string, string> = {}, { sweeper = false } = {}): Promise<Harness> {
  const identity = await startIdentity()
  const config = loadOrderConfig({
    ...process.env,
    DATABASE_URL: process.env['ORDER_DATABASE_URL'],
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
  return {
    identity,
    service,
    async fan(performanceId = randomUUID()) {
      const user = await identity.signUp()
      return { ...user, performanceId, queueToken: await identity.admission(user, performanceId) }
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
    async close() {
      await app.close()
      await identity.close()
    },
  }
}

/** Seat ids nobody else's test uses: each test works on its own random schedule anyway. */
export const seats = (...ids: number[]) => ids
export const body = (scheduleId: string, seatIds: number[]) => ({ scheduleId, seatIds })
