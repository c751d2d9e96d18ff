/**
 * Two instances of every service behind the gateway (issue 9 item 8): fans buy through the gateway
 * while one order-service instance and then one payment-service instance are SIGKILLed and brought
 * back. Every client request succeeds, or gets at most one quick retryable 503 and succeeds on the
 * retry; every saga completes; the invariants hold. Then the background jobs that every instance runs:
 * the admission rate holds across two user-service instances, the hold sweepers of two order-service
 * instances expire each hold once, and outbox retention run by two instances at once deletes each row
 * once.
 */
import t from 'tap'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import { deleteExpiredOutboxRows, type OutboxTables } from '@concert/outbox'
import { sleep, type Api, type Exchange, type Fan, type ReservationView, type Show, type TokenView } from '../src/api.ts'
import { startSystem } from '../src/fixture.ts'
import { readStackEnv } from '../../scripts/src/services.ts'
import { createTestDatabase, kyselyFor, randomSuffix } from '../../outbox/src/testing.ts'

const ADMIT_PER_SECOND = 4
const sys = await startSystem(t, {
  label: 'instances',
  instances: 2,
  // Admissions trickle in, so the sale is still going on while instances are killed.
  env: { QUEUE_ADMIT_PER_SECOND: String(ADMIT_PER_SECOND) },
  // The waiting room in a Redis database of its own: user-services that other suites run in process
  // on the shared stack admit every live queue they can see (at 1000/s), which would blur the rate.
  serviceEnv: { user: { REDIS_URL: `${readStackEnv()['USER_REDIS_URL']!.replace(/\/\d*$/, '')}/9` } },
})

/** A 503 slower than this is not "answered quickly": the client waited on a dead instance. */
const QUICK_MS = 2000

interface Tally {
  requests: number
  /** a first answer 503 that the client retried once, as Retry-After says */
  retried: Array<{ what: string; ms: number; code: unknown }>
  /** anything else that is not a success: a 5xx other than one quick 503, a second 503, a network error */
  violations: string[]
}

/**
 * A client as a frontend would be written: a 503 with Retry-After is retried once, after a second,
 * with the same request (and Idempotency-Key). Anything worse is recorded; the client then keeps trying
 * so the sale goes on and every violation is reported.
 */
async function request<T>(tally: Tally, api: Api, fan: Fan, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Exchange<T>> {
  let retriedOnce = false
  for (let attempt = 0; ; attempt++) {
    tally.requests++
    const started = Date.now()
    let x: Exchange<T> | undefined
    let failure: string | undefined
    try {
      x = await api.call<T>(method, path, { ...options, token: fan.token })
    } catch (error) {
      failure = `network error: ${(error as Error).message}`
    }
    const ms = Date.now() - started
    if (x && x.status < 500) return x
    const code = (x?.body as { code?: unknown } | undefined)?.code
    if (x && x.status === 503 && ms < QUICK_MS && !retriedOnce) {
      retriedOnce = true
      tally.retried.push({ what: `${method} ${path}`, ms, code })
    } else {
      tally.violations.push(`${method} ${path} attempt ${attempt + 1}: ${failure ?? `${x!.status} ${JSON.stringify(x!.body)}`} after ${ms} ms`)
    }
    if (attempt > 20) throw new Error(`${method} ${path} keeps failing: ${tally.violations.at(-1)}`)
    await sleep(1000)
  }
}

async function poll<T>(tally: Tally, api: Api, fan: Fan, path: string, done: (value: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const x = await request<T>(tally, api, fan, 'GET', path)
    if (x.status === 200 && done(x.body)) return x.body
    if (Date.now() > deadline) throw new Error(`${path} never got there: ${JSON.stringify(x.body)}`)
    await sleep(250)
  }
}

/** One fan buys one given seat: join, admitted, hold, HELD, pay, CONFIRMED. */
async function buy(tally: Tally, fan: Fan, show: Show, seatId: number): Promise<ReservationView> {
  const api = sys.api
  const joined = await request<TokenView>(tally, api, fan, 'POST', '/tokens', { body: { performanceId: show.performanceId } })
  if (joined.status !== 200 && joined.status !== 201) throw new Error(`join: ${joined.status} ${JSON.stringify(joined.body)}`)
  const token = await poll<TokenView>(tally, api, fan, `/tokens/${joined.body.tokenId}`, (v) => v.status !== 'WAITING')
  if (token.status !== 'ACTIVE' || !token.admissionToken) throw new Error(`admission: ${JSON.stringify(token)}`)

  const held = await request<{ reservationId: string; orderId: string }>(tally, api, fan, 'POST', '/reservations', {
    body: { scheduleId: show.scheduleId, seatIds: [seatId] },
    headers: { 'x-queue-token': token.admissionToken, 'idempotency-key': randomUUID() },
  })
  if (held.status !== 201) throw new Error(`hold: ${held.status} ${JSON.stringify(held.body)}`)
  const { reservationId } = held.body
  const view = await poll<ReservationView>(tally, api, fan, `/reservations/${reservationId}`, (r) => r.status !== 'PENDING')
  if (view.status !== 'HELD') throw new Error(`hold ended: ${JSON.stringify(view)}`)

  for (;;) {
    // payment-service learns of the order from an event: a 404 is retried a moment later.
    const paid = await request<{ paymentId: string }>(tally, api, fan, 'POST', '/payments', { body: { orderId: view.orderId }, headers: { 'idempotency-key': randomUUID() } })
    if (paid.status === 202) break
    if (paid.status !== 404) throw new Error(`pay: ${paid.status} ${JSON.stringify(paid.body)}`)
    await sleep(250)
  }
  return poll<ReservationView>(tally, api, fan, `/reservations/${reservationId}`, (r) => r.status === 'CONFIRMED' || r.status === 'CANCELLED' || r.status === 'EXPIRED')
}

interface ServiceReady { instances: Array<{ instance: number; inRotation: boolean }> }
/** Waits until the gateway reports `name`'s instance (1-based) in or out of the rotation. */
async function rotation(name: string, instance: number, inRotation: boolean): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const response = await fetch(`${sys.system.gatewayUrl}/health/ready`)
    const body = await response.json() as { services: Record<string, ServiceReady> }
    if (body.services[name]?.instances[instance - 1]?.inRotation === inRotation) return
    if (Date.now() > deadline) throw new Error(`${name}#${instance} never went ${inRotation ? 'in' : 'out'}: ${JSON.stringify(body.services[name])}`)
    await sleep(200)
  }
}

let sale: { show: Show; fans: Fan[] } | undefined

t.test('two instances of every service: the gateway uses both, consumer groups are shared', async (t) => {
  const ready = await (await fetch(`${sys.system.gatewayUrl}/health/ready`)).json() as { status: string; services: Record<string, ServiceReady> }
  t.equal(ready.status, 'ready')
  for (const name of ['user', 'concert', 'order', 'payment', 'review']) {
    t.same(ready.services[name]!.instances.map((i) => i.inRotation), [true, true], `${name}: two instances in rotation`)
  }
  const admin = await sys.stack.admin()
  const { groups } = await admin.describeGroups(['order.payment-topic', 'payment.reservation-topic', 'concert.reservation-topic'])
  for (const group of groups) t.equal(group.members.length, 2, `${group.groupId}: both instances are members (partitions split)`)
})

t.test('fans buy through the gateway while an order-service and then a payment-service instance are killed', async (t) => {
  const FANS = 32
  const show = await sys.admin.createShow({ sections: [{ name: 'A', rows: 2, seatsPerRow: FANS / 2, grade: 'R', price: 10_000 }] })
  const fans: Fan[] = []
  for (let i = 0; i < FANS; i++) {
    const fan = await sys.api.signUp(`instances${i}`)
    await fan.charge(50_000)
    fans.push(fan)
  }
  sale = { show, fans }
  const tally: Tally = { requests: 0, retried: [], violations: [] }
  const seatIds = show.seats.map((seat) => seat.seatId)
  const saleStarted = Date.now()
  const buying = Promise.all(fans.map((fan, i) => buy(tally, fan, show, seatIds[i]!)))
  const outcome = buying.then((views) => ({ views }), (error: Error) => ({ error }))

  // The sale runs about FANS / ADMIT_PER_SECOND seconds; the faults land in it.
  await sleep(3000)
  for (const name of ['order', 'payment'] as const) {
    await sys.system.killService(name, 0)
    t.comment(`${new Date().toISOString()} killed ${name} (instance 1)`)
    await rotation(name, 1, false)
    await sleep(2000)
    await sys.system.startService(name, {}, 90_000, 0)
    await rotation(name, 1, true)
    t.comment(`${new Date().toISOString()} ${name} instance 1 back in rotation`)
  }

  const result = await outcome
  if ('error' in result) throw result.error
  const retries = readFileSync(join(sys.system.logDir, 'gateway.log'), 'utf8').split('\n')
    .filter((line) => line.includes('retrying on another instance') && Date.parse(JSON.parse(line).time) >= saleStarted).length
  t.comment(`the gateway sent ${retries} requests again to the other instance after a connection to a killed one failed`)
  t.equal(result.views.filter((view) => view.status === 'CONFIRMED').length, FANS, 'every fan bought a seat: every saga completed')
  t.comment(`${tally.requests} requests, ${tally.retried.length} answered 503 once and then succeeded: ${JSON.stringify(tally.retried)}`)
  t.same(tally.violations, [], 'no request failed worse than one quick retryable 503')
  t.ok(tally.retried.every((r) => typeof r.code === 'string'), 'each 503 was a problem with a code')
  const sold = (await sys.api.seats(show.scheduleId)).filter((seat) => seat.status === 'SOLD')
  t.equal(sold.length, FANS)
  await sys.settle(t, 'invariants hold after killing instances mid-sale')
})

t.test('two user-service instances admit at most QUEUE_ADMIT_PER_SECOND fans in any second', async (t) => {
  if (!sale) return t.fail('needs the sale test to have run')
  const rows = await sys.stack.db.user.selectFrom('token').select(['activated_at'])
    .where('performance_id', '=', sale.show.performanceId).where('activated_at', 'is not', null).execute() as Array<{ activated_at: Date }>
  const times = rows.map((row) => row.activated_at.getTime()).sort((a, b) => a - b)
  t.equal(times.length, sale.fans.length, 'every fan was admitted once')
  let busiest = 0
  for (let i = 0; i < times.length; i++) {
    const inWindow = times.filter((time) => time > times[i]! - 1000 && time <= times[i]!).length
    busiest = Math.max(busiest, inWindow)
  }
  t.ok(busiest <= ADMIT_PER_SECOND, `at most ${ADMIT_PER_SECOND} admissions in any one-second window (busiest: ${busiest})`)
  // Each instance counts the admissions its own ticks made: together, every fan once.
  const byInstance = await Promise.all([0, 1].map(async (instance) => {
    const metrics = await (await fetch(`${sys.system.urlOf('user', instance)}/metrics`)).text()
    const line = metrics.split('\n').find((l) => l.startsWith('waiting_room_admitted_total') && l.includes(sale!.show.performanceId))
    return Number(line?.split(' ').at(-1) ?? 0)
  }))
  t.comment(`admitted by user: ${byInstance[0]}, by user#2: ${byInstance[1]}`)
  t.equal(byInstance[0]! + byInstance[1]!, sale.fans.length, 'the two admission loops admitted every fan once between them')
})

t.test('the hold sweepers of two order-service instances expire each hold exactly once', async (t) => {
  await sys.system.restartService('order', { HOLD_TTL_SECONDS: '3' })
  const HOLDS = 16
  const show = await sys.admin.createShow({ sections: [{ name: 'B', rows: 1, seatsPerRow: HOLDS, grade: 'R', price: 10_000 }] })
  const fans = await Promise.all(Array.from({ length: HOLDS }, (_, i) => sys.api.signUp(`sweep${i}`)))
  const reservations = await Promise.all(fans.map(async (fan, i) => {
    const admission = await fan.admitted(show.performanceId, 60_000)
    const held = await fan.reserve(show.scheduleId, [show.seats[i]!.seatId], admission.admissionToken)
    return { fan, reservationId: held.reservationId }
  }))
  for (const { fan, reservationId } of reservations) await fan.waitReservation(reservationId, 'EXPIRED', 60_000)

  const ids = reservations.map((r) => r.reservationId)
  const events = await sys.stack.db.order.selectFrom('outbox').select(['aggregateid', sql<number>`COUNT(*)`.as('n')])
    .where('type', '=', 'ReservationExpiredEvent').where('aggregateid', 'in', ids).groupBy('aggregateid').execute() as Array<{ aggregateid: string; n: number }>
  t.equal(events.length, HOLDS, 'every hold expired')
  t.same(events.filter((e) => Number(e.n) !== 1), [], 'each by one ReservationExpiredEvent: never twice')
  const expiredBy = ['order', 'order#2'].map((label) => {
    const log = readFileSync(join(sys.system.logDir, `${label}.log`), 'utf8')
    return ids.filter((id) => log.includes(id) && log.split('\n').some((line) => line.includes('expired holds') && line.includes(id))).length
  })
  t.comment(`holds expired by order: ${expiredBy[0]}, by order#2: ${expiredBy[1]}`)
  t.equal(expiredBy[0]! + expiredBy[1]!, HOLDS, 'each hold was expired by one of the two sweepers')
  await sys.settle(t, 'invariants hold after the sweep: every expired seat is free again')
})

t.test('outbox retention run by two instances at once deletes each old row once', async (t) => {
  // A scratch database with the outbox tables (no connector reads it): two pools stand for two instances.
  const scratch = await createTestDatabase<OutboxTables>(`e2e_retention_${randomSuffix()}`)
  const [one, two] = [kyselyFor<OutboxTables>(scratch.name), kyselyFor<OutboxTables>(scratch.name)]
  t.teardown(async () => {
    await one.destroy()
    await two.destroy()
    await scratch.drop()
  })
  const OLD = 3000
  const row = () => ({ id: randomUUID(), aggregatetype: 'reservation', aggregateid: randomUUID(), type: 'ReservationExpiredEvent', topic: 'reservation-topic', payload: '{}' })
  for (let i = 0; i < OLD; i += 500) await scratch.db.insertInto('outbox').values(Array.from({ length: 500 }, row)).execute()
  await sql`UPDATE outbox SET created_at = UTC_TIMESTAMP(6) - INTERVAL 200 HOUR`.execute(scratch.db)
  await scratch.db.insertInto('outbox').values(row()).execute()

  // Each instance's loop: a failed run (a lock wait or deadlock) is retried at its next tick.
  const loop = async (db: Kysely<OutboxTables>) => {
    let deleted = 0
    for (let tick = 0; tick < 3; tick++) {
      try {
        deleted += (await deleteExpiredOutboxRows(db, 168, 100)).outbox
      } catch (error) {
        t.comment(`a retention run failed and is retried next tick: ${(error as Error).message}`)
      }
    }
    return deleted
  }
  const [a, b] = await Promise.all([loop(one), loop(two)])
  t.equal(a + b, OLD, `every old row deleted once between the two (${a} + ${b})`)
  t.ok(a > 0 && b > 0, 'both instances did part of the work')
  const left = await scratch.db.selectFrom('outbox').select(sql<number>`COUNT(*)`.as('n')).executeTakeFirstOrThrow()
  t.equal(Number(left.n), 1, 'the recent row is kept')
})
