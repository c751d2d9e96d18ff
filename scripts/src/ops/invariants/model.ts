/**
 * What the invariant checks and `pnpm ops trace` know about the system: the five service databases,
 * who consumes each event (SPEC §6), and the read-only handles they use — one Kysely per service
 * database (the services' own accounts from stack.env) and Redis as admin. Shared by the e2e suite
 * (its Stack satisfies `Source`) and by `pnpm ops check|trace`.
 */
import { Redis } from 'ioredis'
import { Kysely, MysqlDialect } from 'kysely'
import { createPool } from 'mysql2'
import { EVENT_CATALOG, type EventName } from '@concert/outbox'

export type ServiceDb = 'user' | 'concert' | 'order' | 'payment' | 'review'
export const SERVICE_DBS: readonly ServiceDb[] = ['user', 'concert', 'order', 'payment', 'review']

/** SPEC §6: who consumes each event (processed_event.consumer is the service name). */
export const CONSUMERS: Record<EventName, readonly ServiceDb[]> = {
  SeatReservedEvent: ['concert', 'payment'],
  ReservationConfirmedEvent: ['order', 'payment'],
  ReservationRollbackEvent: ['order', 'payment'],
  ReservationExpiredEvent: ['concert', 'payment'],
  ReservationCancelledEvent: ['concert', 'payment'],
  ReservationPaidEvent: ['concert', 'user', 'review', 'payment'],
  PaymentRequestedEvent: ['order'],
  OrderStatusUpdatedEvent: ['payment'],
  PaymentCompletedEvent: ['payment'],
  OrderRollbackEvent: ['order'],
  PointDeductedEvent: ['order', 'payment'],
  PaymentRollbackEvent: ['payment'],
  PointRollbackEvent: ['payment'],
  ScheduleCreatedEvent: ['order', 'user'],
  AdmissionEndedEvent: ['order'],
  RefundRequestedEvent: ['payment', 'concert', 'review'],
  PaymentRefundedEvent: ['order'],
  RefundSeatsReleasedEvent: ['order'],
}

/** Every consumer group the system runs: `<service>.<topic>` for each topic a service consumes. */
export function consumerGroups(): Array<{ groupId: string; topic: string; service: ServiceDb }> {
  const out = new Map<string, { groupId: string; topic: string; service: ServiceDb }>()
  for (const [event, services] of Object.entries(CONSUMERS) as Array<[EventName, readonly ServiceDb[]]>) {
    const topic = EVENT_CATALOG[event].topic
    for (const service of services) out.set(`${service}.${topic}`, { groupId: `${service}.${topic}`, topic, service })
  }
  return [...out.values()].sort((a, b) => a.groupId.localeCompare(b.groupId))
}

/** Read access the checks need; e2e's Stack and `openSource` both provide it. */
export interface Source {
  readonly db: Record<ServiceDb, Kysely<any>>
  readonly redis: Redis
}

/** Opens every service database (small pools, UTC) and Redis as admin from a stack.env-shaped record. */
export function openSource(env: Record<string, string>, poolSize = 4): Source & { close(): Promise<void> } {
  const open = (url: string) => {
    const pool = createPool({ uri: url, connectionLimit: poolSize, timezone: 'Z', supportBigNumbers: true, bigNumberStrings: false, decimalNumbers: true })
    pool.on('connection', (c) => c.query("SET time_zone = '+00:00'"))
    return new Kysely<any>({ dialect: new MysqlDialect({ pool }) })
  }
  const missing = [...SERVICE_DBS.map((s) => `${s.toUpperCase()}_DATABASE_URL`), 'REDIS_ADMIN_URL'].filter((k) => !env[k])
  if (missing.length) throw new Error(`stack settings lack ${missing.join(', ')}`)
  const db = Object.fromEntries(SERVICE_DBS.map((s) => [s, open(env[`${s.toUpperCase()}_DATABASE_URL`]!)])) as Record<ServiceDb, Kysely<any>>
  const redis = new Redis(env['REDIS_ADMIN_URL']!, { lazyConnect: false, maxRetriesPerRequest: 2 })
  return {
    db,
    redis,
    async close() {
      redis.disconnect()
      await Promise.all(SERVICE_DBS.map((s) => db[s].destroy()))
    },
  }
}
