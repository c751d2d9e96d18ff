import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { sql } from 'kysely'
import { assertPayload, EVENT_CATALOG, type EventHandler, type EventName, type EventPayload, type HandlerContext, type HandlerResult } from '@concert/outbox'
import { isolatedDatabase, testServiceEnv } from '@concert/platform/testing'
import { startIdentity, type Identity, type TestUser } from '@concert/user-service/testing'
import { buildPaymentService, type PaymentService } from '../app.ts'
import { loadPaymentConfig } from '../config.ts'
import type { PaymentDatabase } from '../db/schema.ts'
import type { PaymentEventHandlers } from '../events/consumers.ts'

export interface Harness {
  identity: Identity
  service: PaymentService
  /** the harness's own database, for another service instance on the same rows */
  databaseUrl: string
  close(): Promise<void>
}

export function paymentEnv(jwksUrl: string, overrides: Record<string, string> = {}): Record<string, string | undefined> {
  return testServiceEnv('payment', { JWKS_URL: jwksUrl, ...overrides })
}

export async function buildService(jwksUrl: string, overrides: Record<string, string> = {}): Promise<PaymentService> {
  const config = loadPaymentConfig(paymentEnv(jwksUrl, overrides))
  return buildPaymentService(config)
}

/**
 * The real user-service (for tokens) and a payment-service, both in process, against the stack, on
 * a database of their own (dropped on close), so nothing outside the test touches its rows.
 */
export async function startHarness(overrides: Record<string, string> = {}): Promise<Harness> {
  const own = await isolatedDatabase('payment')
  const identity = await startIdentity()
  const service = await buildService(identity.jwksUrl, { DATABASE_URL: own.url, ...overrides })
  return {
    identity,
    service,
    databaseUrl: own.url,
    async close() {
      await service.app.close()
      await identity.close()
      await own.drop()
    },
  }
}

export interface LogLine { level: string; obj: object; msg?: string }

/** A handler context like the consumer runtime's, with after-commit work run by `handle` and logs kept. */
export function handlerContext<N extends EventName>(name: N, logs: LogLine[] = []) {
  const afterCommit: Array<() => unknown> = []
  const log = (level: string) => (obj: object, msg?: string) => { logs.push({ level, obj, msg }) }
  const ctx: HandlerContext<N> = {
    eventId: randomUUID(), eventType: name, topic: EVENT_CATALOG[name].topic, partition: 0, offset: '0', key: null,
    traceparent: undefined, attempt: 1,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    afterCommit: (fn) => { afterCommit.push(fn) },
  }
  return { ctx, afterCommit, logs }
}

type Payload<N extends EventName> = Omit<EventPayload<N>, 'occurredAt'>

/**
 * Delivers one event to a handler the way the consumer runtime does: the payload is validated
 * against the catalog, the handler runs inside a real transaction, after-commit work runs after it.
 */
export async function handle<N extends keyof PaymentEventHandlers>(
  service: PaymentService, name: N, payload: Payload<N>,
  options: { handlers?: PaymentEventHandlers; logs?: LogLine[] } = {},
): Promise<HandlerResult> {
  const event = { ...payload, occurredAt: new Date().toISOString() } as EventPayload<N>
  assertPayload(name, event)
  const handler = (options.handlers ?? service.handlers)[name] as unknown as EventHandler<PaymentDatabase, N>
  const { ctx, afterCommit } = handlerContext(name, options.logs)
  const result = await service.db.transaction().execute((trx) => handler(trx, event, ctx))
  for (const work of afterCommit) await work()
  return result ?? { outcome: 'applied' }
}

/**
 * Delivers an event this service appended the way the consumer runtime does, guarded by
 * processed_event under the outbox row's id, which is the record's `id` header. On the shared
 * database (where Debezium relays it) a payment-service running on the stack may get there first:
 * then this waits for its commit and returns the outcome it recorded.
 */
export async function deliver<N extends keyof PaymentEventHandlers>(service: PaymentService, name: N, aggregateId: string): Promise<HandlerResult> {
  const row = await service.db.selectFrom('outbox').select(['id', 'payload'])
    .where('type', '=', name).where('aggregateid', '=', aggregateId).orderBy('id').executeTakeFirstOrThrow()
  const event = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as EventPayload<N>
  const handler = service.handlers[name] as unknown as EventHandler<PaymentDatabase, N>
  const { ctx, afterCommit } = handlerContext(name)
  const result = await service.db.transaction().execute(async (trx) => {
    try {
      await trx.insertInto('processed_event').values({ event_id: row.id, consumer: 'payment', outcome: 'applied', reason: null }).execute()
    } catch (error) {
      if ((error as { errno?: number }).errno !== 1062) throw error
      return undefined
    }
    const outcome = (await handler(trx, event, ctx)) ?? { outcome: 'applied' as const }
    if (outcome.outcome === 'ignored') {
      await trx.updateTable('processed_event').set({ outcome: 'ignored', reason: outcome.reason }).where('event_id', '=', row.id).where('consumer', '=', 'payment').execute()
    }
    return outcome
  })
  if (result) {
    for (const work of afterCommit) await work()
    return result
  }
  const recorded = await service.db.selectFrom('processed_event').select(['outcome', 'reason'])
    .where('event_id', '=', row.id).where('consumer', '=', 'payment').executeTakeFirstOrThrow()
  return recorded.outcome === 'ignored' ? { outcome: 'ignored', reason: String(recorded.reason) } : { outcome: 'applied' }
}

/** Payloads of the events this service appended for an order (or reservation), oldest first. */
export async function appended<N extends EventName>(service: PaymentService, name: N, aggregateId: string): Promise<Array<EventPayload<N>>> {
  const rows = await service.db.selectFrom('outbox').select('payload')
    .where('type', '=', name).where('aggregateid', '=', aggregateId).orderBy('id').execute()
  return rows.map((row) => (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as EventPayload<N>)
}

export const withoutOccurredAt = <T extends { occurredAt: string }>({ occurredAt: _, ...rest }: T) => rest

export async function charge(service: PaymentService, user: TestUser, amount: number, key = randomUUID()) {
  return service.app.inject({ method: 'POST', url: '/points/charge', headers: { ...user.headers, 'idempotency-key': key }, payload: { amount } })
}

/** order-service's SeatReservedEvent for a new hold of `userId`, as it would publish it. */
export function seatReserved(userId: string, ids: { orderId?: string; reservationId?: string } = {}, expiresAt = new Date(Date.now() + 300_000)) {
  const reservedAt = new Date()
  return {
    reservationId: ids.reservationId ?? randomUUID(), orderId: ids.orderId ?? randomUUID(), userId,
    performanceId: randomUUID(), scheduleId: randomUUID(), seatIds: [1],
    reservedAt: reservedAt.toISOString(), expiresAt: expiresAt.toISOString(),
  }
}

/** An order of `user` that payment-service's read model knows as OPEN (delivered as its SeatReservedEvent). */
export async function openOrder(service: PaymentService, user: TestUser, expiresAt?: Date) {
  const event = seatReserved(user.userId, {}, expiresAt)
  const result = await handle(service, 'SeatReservedEvent', event)
  if (result.outcome !== 'applied') throw new Error(`SeatReservedEvent not applied: ${JSON.stringify(result)}`)
  return event
}

/** POST /payments that must answer 202; without an order id it pays a new open order of the user. */
export async function requestPayment(service: PaymentService, user: TestUser, orderId?: string) {
  orderId ??= (await openOrder(service, user)).orderId
  const response = await service.app.inject({ method: 'POST', url: '/payments', headers: { ...user.headers, 'idempotency-key': randomUUID() }, payload: { orderId } })
  if (response.statusCode !== 202) throw new Error(`POST /payments → ${response.statusCode} ${response.body}`)
  return response.json() as { paymentId: string; orderId: string; status: 'REQUESTED' }
}

export function paymentRow(service: PaymentService, paymentId: string) {
  return service.db.selectFrom('payment').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow()
}

export async function balanceOf(service: PaymentService, userId: string): Promise<number | undefined> {
  return (await service.db.selectFrom('point').select('balance').where('user_id', '=', userId).executeTakeFirst())?.balance
}

/** order-service's answer to a PaymentRequestedEvent, as it would publish it. */
export function processing(payment: { paymentId: string; orderId: string }, userId: string, amount: number) {
  return {
    orderId: payment.orderId, status: 'PAYMENT_PROCESSING' as const, updatedAt: new Date().toISOString(),
    paymentId: payment.paymentId, userId, reservationId: randomUUID(), amount,
  }
}

/** Users whose balance is not charges − uses + refunds, or is negative (SPEC §7 invariant). */
export async function conservationViolations(service: PaymentService) {
  const { rows } = await sql<{ user_id: string; balance: number; net: number }>`
    SELECT p.user_id, p.balance, COALESCE(SUM(CASE t.type WHEN 'USE' THEN -t.amount ELSE t.amount END), 0) AS net
    FROM point p LEFT JOIN point_transaction t ON t.user_id = p.user_id
    GROUP BY p.user_id, p.balance
    HAVING net <> p.balance OR p.balance < 0`.execute(service.db)
  return rows
}

/** A client on the service's own Redis keys, to look at the cache directly. */
export function paymentRedis(): Redis {
  return new Redis(String(process.env['PAYMENT_REDIS_URL']), { keyPrefix: 'payment:', lazyConnect: false })
}
