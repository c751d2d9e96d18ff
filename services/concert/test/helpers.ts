import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Test } from 'tap'
import type { EventName, EventPayload, HandlerContext, HandlerResult } from '@concert/outbox'
import { startIdentity, type Identity, type TestUser } from '@concert/user-service/testing'
import type { ConcertService } from '../app.ts'
import type { Section } from '../domain/venue.ts'
import { availableSeats } from '../db/seats.ts'
import { startConcertService } from '../testing.ts'

/**
 * One test file's world: the real user-service (tokens), concert-service on the stack's MariaDB and
 * Redis, an admin and a fan, and helpers that read the outcome straight from MySQL and Redis.
 */
export interface World {
  identity: Identity
  service: ConcertService
  admin: TestUser
  fan: TestUser
  redis: Redis
}

export async function startWorld(t: Test): Promise<World> {
  const identity = await startIdentity()
  const service = await startConcertService(identity.jwksUrl)
  const redis = new Redis(String(process.env['CONCERT_REDIS_URL']), { keyPrefix: 'concert:' })
  t.teardown(async () => {
    redis.disconnect()
    await service.app.close()
    await identity.close()
  })
  return { identity, service, redis, admin: await identity.admin(), fan: await identity.signUp() }
}

export const SMALL_HALL: Section[] = [
  { name: 'VIP', rows: 1, seatsPerRow: 4, grade: 'VIP', price: 150_000 },
  { name: 'A', rows: 2, seatsPerRow: 3, grade: 'R', price: 90_000 },
]

const hours = (n: number) => new Date(Date.now() + n * 3_600_000)

export interface Show {
  venueId: string
  performanceId: string
  scheduleId: string
  /** seat ids in layout order */
  seatIds: number[]
  startsAt: Date
  endsAt: Date
}

/** A venue, a performance and one schedule through the admin API; by default open for booking now. */
export async function createShow(world: World, options: { sections?: Section[]; startsAt?: Date; endsAt?: Date; bookingOpensAt?: Date } = {}): Promise<Show> {
  const { app } = world.service
  const headers = world.admin.headers
  const startsAt = options.startsAt ?? hours(24)
  const endsAt = options.endsAt ?? new Date(startsAt.getTime() + 3 * 3_600_000)
  const bookingOpensAt = options.bookingOpensAt ?? hours(-1)
  const venue = await app.inject({ method: 'POST', url: '/venues', headers, payload: { name: `Hall ${randomUUID()}`, address: 'Seoul', sections: options.sections ?? SMALL_HALL } })
  if (venue.statusCode !== 201) throw new Error(`venue: ${venue.body}`)
  const performance = await app.inject({ method: 'POST', url: '/performances', headers, payload: { title: `Show ${randomUUID()}`, description: 'test', venueId: venue.json().venueId } })
  if (performance.statusCode !== 201) throw new Error(`performance: ${performance.body}`)
  const { performanceId } = performance.json()
  const schedule = await app.inject({
    method: 'POST',
    url: `/performances/${performanceId}/schedules`,
    headers,
    payload: { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), bookingOpensAt: bookingOpensAt.toISOString() },
  })
  if (schedule.statusCode !== 201) throw new Error(`schedule: ${schedule.body}`)
  const { scheduleId } = schedule.json()
  const seats = await world.service.db.selectFrom('seat').select('id').where('schedule_id', '=', scheduleId).orderBy('id').execute()
  return { venueId: venue.json().venueId, performanceId, scheduleId, seatIds: seats.map((seat) => seat.id), startsAt, endsAt }
}

export async function seatStates(world: World, scheduleId: string) {
  return world.service.db.selectFrom('seat').select(['id', 'status', 'reservation_id', 'version']).where('schedule_id', '=', scheduleId).orderBy('id').execute()
}

export async function availability(world: World, scheduleId: string) {
  const row = await world.service.db.selectFrom('seat_availability').selectAll().where('schedule_id', '=', scheduleId).executeTakeFirstOrThrow()
  return { ...row, available_seats: (await availableSeats(world.service.db, [scheduleId])).get(scheduleId)! }
}

/** The SPEC §7 invariant: the availability concert reports equals the number of AVAILABLE seats. */
export async function availabilityMatchesSeats(world: World, scheduleId: string): Promise<boolean> {
  const seats = await seatStates(world, scheduleId)
  const counted = seats.filter((seat) => seat.status === 'AVAILABLE').length
  return (await availability(world, scheduleId)).available_seats === counted
}

/**
 * The cache invariant: a complete seat map in Redis holds exactly MySQL's seats with their status
 * and version, and its `available` count equals the AVAILABLE seats. Returns the differences.
 */
export async function cacheMismatches(world: World, scheduleId: string): Promise<string[]> {
  const hash = await world.redis.hgetall(`seats:${scheduleId}`)
  const seats = await seatStates(world, scheduleId)
  if (!('available' in hash)) return ['seat map is not complete in Redis']
  const problems: string[] = []
  for (const seat of seats) {
    const [version, status] = (hash[String(seat.id)] ?? '').split(':')
    if (status !== seat.status || Number(version) !== seat.version) problems.push(`seat ${seat.id}: redis ${version}:${status}, mysql ${seat.version}:${seat.status}`)
  }
  if (Object.keys(hash).length !== seats.length + 1) problems.push(`redis has ${Object.keys(hash).length - 1} seats, mysql ${seats.length}`)
  const available = seats.filter((seat) => seat.status === 'AVAILABLE').length
  if (Number(hash['available']) !== available) problems.push(`redis available ${hash['available']}, mysql ${available}`)
  return problems
}

/** Outbox events appended for a reservation, oldest first, payloads parsed. */
export async function outboxFor(world: World, reservationId: string): Promise<Array<{ type: string; payload: Record<string, unknown> }>> {
  const rows = await world.service.db.selectFrom('outbox').select(['type', 'payload']).where('aggregateid', '=', reservationId).orderBy('id').execute()
  return rows.map((row) => ({ type: row.type, payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown> }))
}

/**
 * Applies an event through the service's real handler exactly as the consumer runtime does: inside
 * one transaction, then the after-commit work (cache refresh) once it has committed.
 */
export async function applyEvent<N extends EventName>(world: World, type: N, payload: EventPayload<N>): Promise<HandlerResult> {
  const handler = world.service.eventHandlers[type]
  if (!handler) throw new Error(`concert-service has no handler for ${type}`)
  const afterCommit: Array<() => unknown> = []
  const ctx = { eventId: randomUUID(), eventType: type, afterCommit: (fn: () => unknown) => afterCommit.push(fn) } as unknown as HandlerContext<N>
  const result = await world.service.db.transaction().execute(async (trx) => (await handler(trx, payload, ctx)) ?? { outcome: 'applied' as const })
  for (const fn of afterCommit) await fn()
  return result
}

const now = () => new Date().toISOString()

/** SeatReservedEvent as order-service publishes it. */
export function seatReserved(show: Show, seatIds: number[], fields: Partial<EventPayload<'SeatReservedEvent'>> = {}): EventPayload<'SeatReservedEvent'> {
  return {
    reservationId: randomUUID(),
    orderId: randomUUID(),
    userId: randomUUID(),
    performanceId: show.performanceId,
    scheduleId: show.scheduleId,
    seatIds,
    reservedAt: now(),
    expiresAt: new Date(Date.now() + 300_000).toISOString(),
    occurredAt: now(),
    ...fields,
  }
}

export function reservationExpired(reserved: EventPayload<'SeatReservedEvent'>): EventPayload<'ReservationExpiredEvent'> {
  return { reservationId: reserved.reservationId, scheduleId: reserved.scheduleId, seatIds: reserved.seatIds, expiredAt: now(), occurredAt: now() }
}

export function reservationCancelled(reserved: EventPayload<'SeatReservedEvent'>): EventPayload<'ReservationCancelledEvent'> {
  return { reservationId: reserved.reservationId, scheduleId: reserved.scheduleId, seatIds: reserved.seatIds, reason: 'USER_CANCELLED', occurredAt: now() }
}

export function reservationPaid(reserved: EventPayload<'SeatReservedEvent'>, show: Show): EventPayload<'ReservationPaidEvent'> {
  return {
    reservationId: reserved.reservationId,
    orderId: reserved.orderId,
    userId: reserved.userId,
    performanceId: reserved.performanceId,
    scheduleId: reserved.scheduleId,
    seatIds: reserved.seatIds,
    scheduleEndsAt: show.endsAt.toISOString(),
    paidAt: now(),
    occurredAt: now(),
  }
}
