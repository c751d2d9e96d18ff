import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { Counter, Gauge, type Registry } from 'prom-client'
import type { WaitingRoom } from '../db/waiting-room.ts'
import { controlDue, stepControl, type AdmissionBounds } from '../domain/admission-control.ts'
import { markAdmitted, markExpired } from '../db/tokens.ts'
import type { UserDatabase } from '../db/schema.ts'

export interface AdmissionLoopOptions {
  db: Kysely<UserDatabase>
  room: WaitingRoom
  logger: Logger
  tickMs: number
  admissionTtlSeconds: number
  /** The adaptive controller's bounds (domain/admission-control.ts). */
  bounds: AdmissionBounds
  onAdmitted?: (performanceId: string, admitted: number, dropped: number) => void
}

interface Decision {
  admitted: string[]
  dropped: string[]
  at: Date
  expiresAt: Date
}

/**
 * Every tick, admits from each live queue. Every instance runs it; the Lua script makes concurrent
 * ticks safe and the per-second counter in Redis keeps the rate global. Once a second (whichever
 * instance comes first: the step is stored compare-and-set in Redis) the controller sets the rate
 * from the active fans and how fast they finish. Each tick that moved the queue is announced on the
 * room's channel, which wakes long-polling waiters on every instance. The MySQL history is
 * written after Redis decides. If MySQL is away, the decision is kept and written first thing every
 * later tick until it lands: a poll would repair the row too, but a fan who dropped out never polls,
 * so the row would stay WAITING for good. Both writes only move a row forward, so a late one is safe.
 * (A crash loses what was kept; the next poll of such a token still repairs it.)
 */
export function startAdmissionLoop(options: AdmissionLoopOptions): () => Promise<void> {
  let running: Promise<void> | undefined
  const unwritten: Decision[] = []
  const write = async ({ admitted, dropped, at, expiresAt }: Decision) => {
    await markAdmitted(options.db, admitted, at, expiresAt)
    await markExpired(options.db, dropped, at)
  }
  const tick = async () => {
    while (unwritten.length > 0) {
      await write(unwritten[0]!)
      unwritten.shift()
    }
    const performances = await options.room.performances()
    for (const performanceId of performances) {
      const now = Date.now()
      const result = await options.room.admit(performanceId, now)
      if (controlDue(result.control, now)) {
        const next = stepControl(result.control, { nowMs: now, active: result.active, admittedTotal: result.admittedTotal }, options.bounds)
        await options.room.storeControl(performanceId, result.control, next)
      }
      const { admitted, dropped } = result
      if (admitted.length === 0 && dropped.length === 0) continue
      const decision = { admitted, dropped, at: new Date(now), expiresAt: new Date(now + options.admissionTtlSeconds * 1000) }
      // Announced once the history is written (a woken waiter then finds its row up to date), and
      // also when that write failed: Redis has decided, and the waiter's answer repairs its row.
      const writeError = await write(decision).then(() => undefined, (error: unknown) => {
        unwritten.push(decision)
        return error
      })
      await options.room.announce(performanceId, admitted, dropped)
      if (writeError) throw writeError
      options.onAdmitted?.(performanceId, admitted.length, dropped.length)
      options.logger.debug({ performanceId, admitted: admitted.length, dropped: dropped.length }, 'waiting room tick')
    }
  }
  // One warning per outage, not one per tick (5 a second by default).
  let failing = false
  const timer = setInterval(() => {
    if (running) return
    running = tick()
      .then(() => {
        if (failing) options.logger.info({ unwritten: unwritten.length }, 'admission ticks succeed again')
        failing = false
      })
      .catch((error: Error) => {
        if (!failing) options.logger.warn({ err: error.message }, 'admission tick failed; retrying every tick')
        failing = true
      })
      .finally(() => { running = undefined })
  }, options.tickMs)
  return async () => {
    clearInterval(timer)
    await running
  }
}

/** Queue sizes are read from Redis at scrape time; admissions and drop-outs are counted as they happen. */
export function waitingRoomMetrics(registry: Registry, room: WaitingRoom) {
  const admitted = new Counter({ name: 'waiting_room_admitted_total', help: 'Fans admitted from the waiting room', labelNames: ['performance'], registers: [registry] })
  const dropped = new Counter({ name: 'waiting_room_dropped_total', help: 'Waiting fans dropped for not polling', labelNames: ['performance'], registers: [registry] })
  new Gauge({
    name: 'waiting_room_admit_rate',
    help: "The adaptive controller's admissions per second, and how many admitted fans finish per second, per performance",
    labelNames: ['performance', 'kind'],
    registers: [registry],
    async collect() {
      this.reset()
      const performances = await room.performances().catch(() => [])
      for (const performance of performances) {
        const control = await room.control(performance).catch(() => undefined)
        if (!control) continue
        this.set({ performance, kind: 'admitted' }, control.ratePerSecond)
        this.set({ performance, kind: 'finished' }, control.finishedPerSecond)
      }
    },
  })
  new Gauge({
    name: 'waiting_room_size',
    help: 'Fans waiting and active, per performance',
    labelNames: ['performance', 'state'],
    registers: [registry],
    async collect() {
      this.reset()
      const performances = await room.performances().catch(() => [])
      for (const performance of performances) {
        const size = await room.size(performance).catch(() => undefined)
        if (!size) continue
        this.set({ performance, state: 'waiting' }, size.waiting)
        this.set({ performance, state: 'active' }, size.active)
      }
    },
  })
  return {
    admitted: (performance: string, admittedCount: number, droppedCount: number) => {
      admitted.inc({ performance }, admittedCount)
      dropped.inc({ performance }, droppedCount)
    },
  }
}
