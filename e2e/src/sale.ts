/**
 * A sale as fans live it, through the gateway only: join the waiting room, wait to be admitted,
 * read the seat map, hold 1–2 free seats (another pick on 409), wait for HELD, pay, wait for
 * CONFIRMED. A fan retries what a real client retries (network errors, 502/503/504, 429) with the
 * same Idempotency-Key, and starts over when the system ends its hold (refused or expired).
 *
 * Every answer is counted by status, so a run can assert that no request got a 500 while faults were
 * injected, and every saga step a fan saw completing is timestamped, so a run can tell how long sagas
 * stalled. Each step is timed too (SaleStats.steps). Used by the nemesis test and benchmark and the
 * stadium benchmark (bench/stadium.ts).
 *
 * `client: 'plain'` (default) polls like today's frontends. `client: 'push'` uses the opt-in forms the
 * server may offer (the routes' OpenAPI): long polls (`?wait=`, with `status`/`orderStatus` where the
 * route wants the state the client has) for the waiting room, reservations and payments, and
 * conditional seat reads (If-None-Match → 304). A form the server does not have falls back to the plain
 * one: a 400 turns it off for the rest of the sale, an unchanged early answer is followed by the plain
 * interval.
 */
import { randomUUID } from 'node:crypto'
import { sleep, type Api, type Exchange, type Fan, type ReservationView, type Seat, type TokenView } from './api.ts'

export interface SaleStats {
  /** HTTP status (or 'network') → count, over every request the fans sent */
  statuses: Map<string, number>
  /** requests that answered ≥ 500 other than 502/503/504: the kind a client must never see */
  internalErrors: Array<{ at: number; method: string; path: string; status: number; body: unknown }>
  /** epoch ms of every request that failed with a retryable outage (network, 502, 503, 504) */
  outages: number[]
  /** epoch ms when a fan saw a saga step complete (a hold HELD, a reservation CONFIRMED) */
  progress: number[]
  confirmedSeats: number
  fansDone: number
  fansGaveUp: Array<{ userId: string; why: string }>
  /** milliseconds, one sample each time a fan went through the step (see STEPS) */
  steps: Record<Step, number[]>
  /** POST /reservations answered 409 because a seat was taken (HOLD_EXISTS is not a conflict) */
  conflicts: number
  /** holds that reached HELD */
  holdsWon: number
  /** when a fan saw a reservation CONFIRMED (epoch ms) and its number of seats */
  confirmations: Array<{ at: number; seats: number }>
  /** requests per route, ids replaced: `GET /reservations/:id` */
  routes: Map<string, number>
}

/** The timed steps of a journey, in order; `journey` is a buyer's arrival → CONFIRMED. */
export const STEPS = ['join→ACTIVE', 'seat map read', 'POST /reservations', '201→HELD', 'POST /payments', 'payment→CONFIRMED', 'journey'] as const
export type Step = (typeof STEPS)[number]

export function newStats(): SaleStats {
  return {
    statuses: new Map(), internalErrors: [], outages: [], progress: [], confirmedSeats: 0, fansDone: 0, fansGaveUp: [],
    steps: Object.fromEntries(STEPS.map((step) => [step, []])) as unknown as Record<Step, number[]>,
    conflicts: 0, holdsWon: 0, confirmations: [], routes: new Map(),
  }
}

export type ClientKind = 'plain' | 'push'

/** What the push client found the server offers; undefined until first tried. */
interface Offers {
  waitTokens?: boolean
  waitReservations?: boolean
  waitPayments?: boolean
}

/** The longest long poll the push client asks for (the routes accept up to 30 s). */
const WAIT_SECONDS = 25

const RETRYABLE = new Set([429, 502, 503, 504])

class GaveUp extends Error {}

interface Journey {
  api: Api
  fan: Fan
  performanceId: string
  scheduleId: string
  stats: SaleStats
  deadline: number
  random: () => number
  maxConflicts: number
  client: ClientKind
  offers: Offers
  /** push client: the last AVAILABLE list this fan read and its ETag */
  seatCache?: { etag: string; seats: Seat[] }
}

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
const routeOf = (method: string, path: string) => `${method} ${path.split('?')[0]!.replace(UUIDS, ':id')}`

/** One call, retried through outages until the deadline; returns the first non-retryable answer. */
async function call<T>(j: Journey, method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<Exchange<T>> {
  const route = routeOf(method, path)
  for (let attempt = 0; ; attempt++) {
    if (Date.now() > j.deadline) throw new GaveUp(`deadline reached during ${method} ${path}`)
    let x: Exchange<T> | undefined
    try {
      x = await j.api.call<T>(method, path, { ...options, headers: { ...j.fan.headers, ...options.headers }, token: j.fan.token })
    } catch {
      x = undefined
    }
    const status = x ? String(x.status) : 'network'
    j.stats.statuses.set(status, (j.stats.statuses.get(status) ?? 0) + 1)
    j.stats.routes.set(route, (j.stats.routes.get(route) ?? 0) + 1)
    if (x && x.status >= 500 && !RETRYABLE.has(x.status)) {
      j.stats.internalErrors.push({ at: Date.now(), method, path, status: x.status, body: x.body })
    }
    if (x && !RETRYABLE.has(x.status) && x.status < 500) return x
    if (!x || x.status >= 502) j.stats.outages.push(Date.now())
    await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)) * (0.5 + j.random()))
  }
}

async function poll<T>(j: Journey, path: string, done: (value: T) => boolean, intervalMs = 200): Promise<T> {
  for (;;) {
    const x = await call<T>(j, 'GET', path)
    if (x.status === 200 && done(x.body)) return x.body
    await sleep(intervalMs)
  }
}

type Watched = { status: string; position?: number; orderStatus?: string }
const signature = (v: Watched | undefined) => (v ? `${v.status}|${v.position ?? ''}|${v.orderStatus ?? ''}` : '')

/**
 * Reads `path` until `done`. The push client asks the server to hold the answer until the state
 * differs from the one it has (`?wait=` plus `params(last view)`, e.g. `&status=PENDING`); a server
 * without that form answers at once (the same view again: the plain interval follows) or 400 (the
 * form is off for the rest of the sale).
 */
async function watch<T extends Watched>(
  j: Journey, path: string, offer: keyof Offers, params: (last: T | undefined) => string, done: (value: T) => boolean, intervalMs: number,
): Promise<T> {
  let last: T | undefined
  for (;;) {
    if (j.client === 'plain' || j.offers[offer] === false) return poll<T>(j, path, done, intervalMs)
    const started = Date.now()
    const x = await call<T>(j, 'GET', `${path}?wait=${WAIT_SECONDS}${params(last)}`, { timeoutMs: (WAIT_SECONDS + 15) * 1000 })
    if (x.status === 400) { j.offers[offer] = false; continue }
    const unchanged = x.status !== 200 || signature(x.body) === signature(last)
    if (x.status === 200) {
      j.offers[offer] = true
      if (done(x.body)) return x.body
      last = x.body
    }
    const early = intervalMs - (Date.now() - started)
    if (unchanged && early > 0) await sleep(early)
  }
}

async function admission(j: Journey): Promise<string> {
  const arrived = Date.now()
  for (;;) {
    const joined = await call<TokenView>(j, 'POST', '/tokens', { body: { performanceId: j.performanceId } })
    // The waiting room learns of a new performance from an event; a fan tries again a moment later.
    if (joined.status === 404) { await sleep(200); continue }
    if (joined.status !== 200 && joined.status !== 201) throw new GaveUp(`join answered ${joined.status}`)
    const token = await watch<TokenView>(j, `/tokens/${joined.body.tokenId}`, 'waitTokens', () => '', (t) => t.status !== 'WAITING', 1000)
    if (token.status === 'ACTIVE' && token.admissionToken) {
      j.stats.steps['join→ACTIVE'].push(Date.now() - arrived)
      return token.admissionToken
    }
  }
}

/** AVAILABLE seats; the push client reads conditionally and keeps its last list for a 304. */
async function availableSeats(j: Journey): Promise<Seat[]> {
  const started = Date.now()
  const cached = j.client === 'push' ? j.seatCache : undefined
  const free = await call<Seat[] | { items: Seat[] }>(j, 'GET', `/seats/${j.scheduleId}?status=AVAILABLE`, cached ? { headers: { 'if-none-match': cached.etag } } : {})
  j.stats.steps['seat map read'].push(Date.now() - started)
  if (free.status === 304 && cached) return cached.seats
  const seats = Array.isArray(free.body) ? free.body : free.body.items
  if (j.client === 'push' && free.etag) j.seatCache = { etag: free.etag, seats }
  return seats
}

function pick(j: Journey, seats: Seat[]): number[] {
  const want = Math.min(seats.length, 1 + Math.floor(j.random() * 2))
  const chosen = new Set<number>()
  while (chosen.size < want) chosen.add(seats[Math.floor(j.random() * seats.length)]!.seatId)
  return [...chosen]
}

/** A hold that reached HELD, or undefined when the seats are gone. */
async function hold(j: Journey, queueToken: string): Promise<ReservationView | undefined> {
  for (let conflicts = 0; conflicts < j.maxConflicts; conflicts++) {
    const seats = await availableSeats(j)
    if (seats.length === 0) return undefined
    const key = randomUUID()
    const posted = Date.now()
    const x = await call<{ reservationId: string; code?: string; [k: string]: unknown }>(j, 'POST', '/reservations', {
      body: { scheduleId: j.scheduleId, seatIds: pick(j, seats) },
      headers: { 'x-queue-token': queueToken, 'idempotency-key': key },
    })
    const answered = Date.now()
    j.stats.steps['POST /reservations'].push(answered - posted)
    let reservationId: string
    if (x.status === 201) reservationId = x.body.reservationId
    else if (x.status === 409 && x.body.code === 'HOLD_EXISTS') reservationId = String(x.body['reservationId'])
    else if (x.status === 409) { j.stats.conflicts++; await sleep(50); continue }
    else throw new GaveUp(`hold answered ${x.status} ${JSON.stringify(x.body)}`)
    const held = await watch<ReservationView>(j, `/reservations/${reservationId}`, 'waitReservations', () => '&status=PENDING', (r) => r.status !== 'PENDING', 200)
    if (x.status === 201) j.stats.steps['201→HELD'].push(Date.now() - answered)
    if (held.status === 'HELD') {
      j.stats.progress.push(Date.now())
      j.stats.holdsWon++
      return held
    }
  }
  throw new GaveUp(`${j.maxConflicts} conflicts in a row`)
}

/** Pays a HELD reservation; true once CONFIRMED, false when the hold ended first (the fan starts over). */
async function pay(j: Journey, held: ReservationView): Promise<boolean> {
  for (let tries = 0; tries < 20; tries++) {
    const posted = Date.now()
    const x = await call<{ paymentId: string; code?: string }>(j, 'POST', '/payments', { body: { orderId: held.orderId }, headers: { 'idempotency-key': randomUUID() } })
    j.stats.steps['POST /payments'].push(Date.now() - posted)
    // The payment side learns of the order from an event; a fan tries again a moment later.
    if (x.status === 404) { await sleep(200); continue }
    if (x.status === 409 && x.body.code === 'ORDER_NOT_PAYABLE') return false
    if (x.status === 409 && x.body.code === 'PAYMENT_IN_PROGRESS') {
      // An earlier try went through (its answer was lost): wait for that payment's outcome.
      tries--
    } else if (x.status === 202) {
      await watch<{ status: string }>(j, `/payments/${x.body.paymentId}`, 'waitPayments', () => '&status=REQUESTED', (p) => p.status !== 'REQUESTED', 200)
    } else {
      throw new GaveUp(`pay answered ${x.status} ${JSON.stringify(x.body)}`)
    }
    // Settled: confirmed, ended, or back to an unpaid hold (a rejected payment) to pay again.
    const view = await watch<ReservationView>(j, `/reservations/${held.reservationId}`, 'waitReservations',
      (last) => `&status=HELD&orderStatus=${last?.orderStatus ?? 'PAYMENT_PROCESSING'}`, (r) => r.status !== 'HELD' || r.orderStatus === 'PENDING', 200)
    if (view.status === 'CONFIRMED') {
      const at = Date.now()
      j.stats.steps['payment→CONFIRMED'].push(at - posted)
      j.stats.progress.push(at)
      j.stats.confirmedSeats += view.seats.length
      j.stats.confirmations.push({ at, seats: view.seats.length })
      return true
    }
    if (view.status !== 'HELD') return false
    await sleep(200)
  }
  throw new GaveUp('payment never went through')
}

async function journey(j: Journey): Promise<void> {
  const arrived = Date.now()
  try {
    const queueToken = await admission(j)
    for (;;) {
      const held = await hold(j, queueToken)
      if (!held) return
      if (await pay(j, held)) {
        j.stats.steps.journey.push(Date.now() - arrived)
        return
      }
    }
  } catch (error) {
    if (!(error instanceof GaveUp)) throw error
    j.stats.fansGaveUp.push({ userId: j.fan.userId, why: error.message })
  } finally {
    j.stats.fansDone++
  }
}

export interface SaleOptions {
  api: Api
  fans: Fan[]
  performanceId: string
  scheduleId: string
  /** fans arriving at once, at most */
  concurrency: number
  deadline: number
  random: () => number
  /** seat conflicts (409) a fan takes before giving up (default 200) */
  maxConflicts?: number
  /** 'plain' (default) polls like today's frontends; 'push' uses the opt-in forms (see the top) */
  client?: ClientKind
  /** filled in as fans go: pass one to watch a sale in progress */
  stats?: SaleStats
}

/** Runs every fan's journey (at most `concurrency` at a time) and returns what they saw. */
export async function runSale(options: SaleOptions): Promise<SaleStats> {
  const stats = options.stats ?? newStats()
  const { fans } = options
  const shared = { maxConflicts: options.maxConflicts ?? 200, client: options.client ?? 'plain', offers: {} }
  let next = 0
  const worker = async () => {
    while (next < fans.length) {
      const fan = fans[next++]!
      await journey({ ...options, ...shared, fan, stats })
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency, fans.length) }, worker))
  return stats
}

/** A small seeded generator (mulberry32): a run is reproducible from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}
