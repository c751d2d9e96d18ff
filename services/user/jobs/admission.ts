import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { Counter, Gauge, type Registry } from 'prom-client'
import type { WaitingRoom } from '../db/waiting-room.ts'
import { markAdmitted, markExpired } from '../db/tokens.ts'
import type { UserDatabase } from '../db/schema.ts'

export interface AdmissionLoopOptions {
  db: Kysely<UserDatabase>
  room: WaitingRoom
  logger: Logger
  tickMs: number
  admissionTtlSeconds: number
  onAdmitted?: (performanceId: string, admitted: number, dropped: number) => void
}

/**
 * Every tick, admits from each live queue. Every instance runs it; the Lua script makes concurrent
 * ticks safe and the per-second counter in Redis keeps the rate global. The MySQL history is
 * written after Redis decides; if that write is lost, the next poll of the token repairs it.
 */
export function startAdmissionLoop(options: AdmissionLoopOptions): () => Promise<void> {
  let running: Promise<void> | undefined
  const tick = async () => {
    const performances = await options.room.performances()
    for (const performanceId of performances) {
      const now = Date.now()
      const { admitted, dropped } = await options.room.admit(performanceId, now)
      if (admitted.length === 0 && dropped.length === 0) continue
      const at = new Date(now)
      await markAdmitted(options.db, admitted, at, new Date(now + options.admissionTtlSeconds * 1000))
      await markExpired(options.db, dropped, at)
      options.onAdmitted?.(performanceId, admitted.length, dropped.length)
      options.logger.debug({ performanceId, admitted: admitted.length, dropped: dropped.length }, 'waiting room tick')
    }
  }
  const timer = setInterval(() => {
    if (running) return
    running = tick()
      .catch((error: Error) => options.logger.warn({ err: error.message }, 'admission tick failed; retrying next tick'))
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
