import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { Gauge, type Registry } from 'prom-client'
import { ROOM_CHANNEL, type WaitingRoom } from '../db/waiting-room.ts'

/** Why a long-poll wait ended. */
export type WakeReason = 'moved' | 'timeout' | 'aborted' | 'closing'

/** A message as received, kept briefly so a wait that starts just after it still sees it. */
interface Move {
  seq: number
  performanceId: string
  ended: Set<string>
}
/** Messages remembered for late registrations (a few seconds' worth at 5 ticks a second and a few performances). */
const RECENT_MOVES = 256

interface Waiter {
  tokenId: string
  /** Wake once this many fans have left the queue since the wait began (admitted or dropped). */
  step: number
  moved: number
  wake: (reason: WakeReason) => void
}

export interface RoomWaitersOptions {
  redis: Redis
  room: WaitingRoom
  logger: Logger
  /** Waiters are marked present at least this often (a third of QUEUE_IDLE_SECONDS, at most 5 s). */
  touchMs: number
  registry?: Registry
}

/**
 * Long-polling waiters of this process. The admission loop (on any instance) publishes each tick
 * that moved a queue on ROOM_CHANNEL; this process holds ONE subscription and wakes the waiters
 * concerned: those admitted or dropped, and those the queue has moved for by their step. Nothing
 * polls Redis per waiter: a woken waiter reads its placement once. A message missed while the
 * subscription was down is covered by waking everyone when it is back (they re-read and go on
 * waiting), and at worst by the wait's own deadline (≤ 30 s), the pace of a plain poll.
 * While waiting, a fan is present: the waiters' `seen` scores are moved forward in one command per
 * performance, so idle drop-out spares them; a closed connection ends the wait and stops that.
 */
export class RoomWaiters {
  private readonly waiters = new Map<string, Set<Waiter>>()
  private readonly recent: Move[] = []
  private seq = 0
  private subscriber: Redis | undefined
  private touchTimer: NodeJS.Timeout | undefined
  private closing = false

  constructor(private readonly options: RoomWaitersOptions) {
    if (options.registry) {
      const waiters = this.waiters
      new Gauge({
        name: 'waiting_room_long_polls',
        help: 'Waiting-room long-polls open on this instance',
        registers: [options.registry],
        collect() { this.set([...waiters.values()].reduce((sum, set) => sum + set.size, 0)) },
      })
    }
  }

  start(): void {
    const sub = this.options.redis.duplicate()
    this.subscriber = sub
    // The main client logs Redis outages; this one only has to come back.
    sub.on('error', () => undefined)
    sub.on('ready', () => {
      sub.subscribe(ROOM_CHANNEL).catch((error: Error) => this.options.logger.warn({ err: error.message }, 'waiting-room subscription failed'))
      this.wakeAll('moved')
    })
    sub.on('message', (_channel: string, message: string) => this.onMessage(message))
    this.touchTimer = setInterval(() => { void this.touch() }, this.options.touchMs)
    this.touchTimer.unref()
  }

  /** Take this before reading a placement and pass it to `wait`: what arrived in between is not lost. */
  cursor(): number {
    return this.seq
  }

  /**
   * Waits until the queue moved for this token (counting the moves received since `since`), the time
   * runs out, the client leaves or the instance closes.
   */
  wait(performanceId: string, tokenId: string, step: number, timeoutMs: number, signal: AbortSignal, since: number): Promise<WakeReason> {
    if (this.closing) return Promise.resolve('closing')
    if (signal.aborted) return Promise.resolve('aborted')
    // Moves that arrived while the caller read its placement: the read may predate them.
    let missed = 0
    for (const move of this.recent) {
      if (move.seq <= since || move.performanceId !== performanceId) continue
      if (move.ended.has(tokenId)) return Promise.resolve('moved')
      missed += move.ended.size
    }
    if (missed >= step) return Promise.resolve('moved')
    if (timeoutMs <= 0) return Promise.resolve('timeout')
    return new Promise((resolve) => {
      let set = this.waiters.get(performanceId)
      if (!set) this.waiters.set(performanceId, set = new Set())
      const waiter: Waiter = {
        tokenId,
        step: Math.max(1, step),
        moved: missed,
        wake: (reason) => {
          clearTimeout(timer)
          signal.removeEventListener('abort', onAbort)
          set.delete(waiter)
          if (set.size === 0 && this.waiters.get(performanceId) === set) this.waiters.delete(performanceId)
          resolve(reason)
        },
      }
      const onAbort = () => waiter.wake('aborted')
      const timer = setTimeout(() => waiter.wake('timeout'), timeoutMs)
      signal.addEventListener('abort', onAbort, { once: true })
      set.add(waiter)
    })
  }

  /** Shutdown: every waiter answers now (with its current state), and the subscription ends. */
  async stop(): Promise<void> {
    this.closing = true
    this.wakeAll('closing')
    clearInterval(this.touchTimer)
    this.subscriber?.disconnect()
  }

  /** Shutdown begins: answer every waiter at once instead of holding the close for up to 30 s. */
  answerAll(): void {
    this.closing = true
    this.wakeAll('closing')
  }

  private wakeAll(reason: WakeReason): void {
    for (const set of [...this.waiters.values()]) for (const waiter of [...set]) waiter.wake(reason)
  }

  private onMessage(message: string): void {
    let parsed: { p?: unknown; a?: unknown; d?: unknown }
    try {
      parsed = JSON.parse(message) as typeof parsed
    } catch {
      return
    }
    if (typeof parsed.p !== 'string') return
    const admitted = Array.isArray(parsed.a) ? parsed.a as string[] : []
    const dropped = Array.isArray(parsed.d) ? parsed.d as string[] : []
    const ended = new Set([...admitted, ...dropped])
    this.recent.push({ seq: ++this.seq, performanceId: parsed.p, ended })
    if (this.recent.length > RECENT_MOVES) this.recent.shift()
    const set = this.waiters.get(parsed.p)
    if (!set) return
    // Every fan who left the queue moved at most everyone by one place: the woken waiter reads its
    // true position and waits on if that was less than its step (drop-outs behind it).
    const moved = ended.size
    for (const waiter of [...set]) {
      waiter.moved += moved
      if (ended.has(waiter.tokenId) || waiter.moved >= waiter.step) waiter.wake('moved')
    }
  }

  private async touch(): Promise<void> {
    const now = Date.now()
    for (const [performanceId, set] of [...this.waiters]) {
      const ids = [...new Set([...set].map((waiter) => waiter.tokenId))]
      await this.options.room.touch(performanceId, ids, now).catch(() => undefined)
    }
  }
}
