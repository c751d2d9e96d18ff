/**
 * A sale as fans live it, through the gateway only: join the waiting room, wait to be admitted,
 * read the seat map, hold 1–2 free seats (another pick on 409), wait for HELD, pay, wait for
 * CONFIRMED. A fan retries what a real client retries (network errors, 502/503/504, 429) with the
 * same Idempotency-Key, and starts over when the system ends its hold (refused or expired).
 *
 * Every answer is counted by status, so a run can assert that no request got a 500 while faults were
 * injected, and every saga step a fan saw completing is timestamped, so a run can tell how long sagas
 * stalled. Used by the nemesis test and the nemesis benchmark.
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
}

export function newStats(): SaleStats {
  return { statuses: new Map(), internalErrors: [], outages: [], progress: [], confirmedSeats: 0, fansDone: 0, fansGaveUp: [] }
}

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
}

/** One call, retried through outages until the deadline; returns the first non-retryable answer. */
async function call<T>(j: Journey, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Exchange<T>> {
  for (let attempt = 0; ; attempt++) {
    if (Date.now() > j.deadline) throw new GaveUp(`deadline reached during ${method} ${path}`)
    let x: Exchange<T> | undefined
    try {
      x = await j.api.call<T>(method, path, { ...options, token: j.fan.token })
    } catch {
      x = undefined
    }
    const status = x ? String(x.status) : 'network'
    j.stats.statuses.set(status, (j.stats.statuses.get(status) ?? 0) + 1)
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

async function admission(j: Journey): Promise<string> {
  for (;;) {
    const joined = await call<TokenView>(j, 'POST', '/tokens', { body: { performanceId: j.performanceId } })
    // The waiting room learns of a new performance from an event; a fan tries again a moment later.
    if (joined.status === 404) { await sleep(200); continue }
    if (joined.status !== 200 && joined.status !== 201) throw new GaveUp(`join answered ${joined.status}`)
    const token = await poll<TokenView>(j, `/tokens/${joined.body.tokenId}`, (t) => t.status !== 'WAITING', 1000)
    if (token.status === 'ACTIVE' && token.admissionToken) return token.admissionToken
  }
}

function pick(j: Journey, seats: Seat[]): number[] {
  const want = Math.min(seats.length, 1 + Math.floor(j.random() * 2))
  const chosen = new Set<number>()
  while (chosen.size < want) chosen.add(seats[Math.floor(j.random() * seats.length)]!.seatId)
  return [...chosen]
}

/** A hold that reached HELD, or undefined when the seats are gone. */
async function hold(j: Journey, queueToken: string): Promise<ReservationView | undefined> {
  for (let conflicts = 0; conflicts < 200; conflicts++) {
    const free = await call<Seat[] | { items: Seat[] }>(j, 'GET', `/seats/${j.scheduleId}?status=AVAILABLE`)
    const seats = Array.isArray(free.body) ? free.body : free.body.items
    if (seats.length === 0) return undefined
    const key = randomUUID()
    const x = await call<{ reservationId: string; code?: string; [k: string]: unknown }>(j, 'POST', '/reservations', {
      body: { scheduleId: j.scheduleId, seatIds: pick(j, seats) },
      headers: { 'x-queue-token': queueToken, 'idempotency-key': key },
    })
    let reservationId: string
    if (x.status === 201) reservationId = x.body.reservationId
    else if (x.status === 409 && x.body.code === 'HOLD_EXISTS') reservationId = String(x.body['reservationId'])
    else if (x.status === 409) { await sleep(50); continue }
    else throw new GaveUp(`hold answered ${x.status} ${JSON.stringify(x.body)}`)
    const held = await poll<ReservationView>(j, `/reservations/${reservationId}`, (r) => r.status !== 'PENDING')
    if (held.status === 'HELD') {
      j.stats.progress.push(Date.now())
      return held
    }
  }
  throw new GaveUp('200 conflicts in a row')
}

/** Pays a HELD reservation; true once CONFIRMED, false when the hold ended first (the fan starts over). */
async function pay(j: Journey, held: ReservationView): Promise<boolean> {
  for (let tries = 0; tries < 20; tries++) {
    const x = await call<{ paymentId: string; code?: string }>(j, 'POST', '/payments', { body: { orderId: held.orderId }, headers: { 'idempotency-key': randomUUID() } })
    // The payment side learns of the order from an event; a fan tries again a moment later.
    if (x.status === 404) { await sleep(200); continue }
    if (x.status === 409 && x.body.code === 'ORDER_NOT_PAYABLE') return false
    if (x.status === 409 && x.body.code === 'PAYMENT_IN_PROGRESS') {
      // An earlier try went through (its answer was lost): wait for that payment's outcome.
      tries--
    } else if (x.status === 202) {
      await poll<{ status: string }>(j, `/payments/${x.body.paymentId}`, (p) => p.status !== 'REQUESTED')
    } else {
      throw new GaveUp(`pay answered ${x.status} ${JSON.stringify(x.body)}`)
    }
    // Settled: confirmed, ended, or back to an unpaid hold (a rejected payment) to pay again.
    const view = await poll<ReservationView>(j, `/reservations/${held.reservationId}`, (r) =>
      r.status !== 'HELD' || r.orderStatus === 'PENDING')
    if (view.status === 'CONFIRMED') {
      j.stats.progress.push(Date.now())
      j.stats.confirmedSeats += view.seats.length
      return true
    }
    if (view.status !== 'HELD') return false
    await sleep(200)
  }
  throw new GaveUp('payment never went through')
}

async function journey(j: Journey): Promise<void> {
  try {
    const queueToken = await admission(j)
    for (;;) {
      const held = await hold(j, queueToken)
      if (!held) return
      if (await pay(j, held)) return
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
}

/** Runs every fan's journey (at most `concurrency` at a time) and returns what they saw. */
export async function runSale(options: SaleOptions): Promise<SaleStats> {
  const stats = newStats()
  const queue = [...options.fans]
  const worker = async () => {
    for (let fan = queue.shift(); fan; fan = queue.shift()) {
      await journey({ ...options, fan, stats })
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
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
