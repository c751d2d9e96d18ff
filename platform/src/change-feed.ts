import { Redis } from 'ioredis'
import type { Logger } from 'pino'

export interface ChangeFeedOptions<S> {
  /** Redis for the one subscriber connection of this process (the service's REDIS_URL). */
  redisUrl: string
  /** The service's client, used to publish; its commands fail fast while Redis is away. */
  publisher: Redis | undefined
  /** Full channel name: ACLs allow only the service's own prefix (`order:changes`), and ioredis never prefixes channels. */
  channel: string
  /**
   * The current state of each key in one query; a key missing from the map is reported as undefined.
   * Used for the fallback re-check of every waiter and to check the waiters of a notice.
   */
  probe: (keys: string[]) => Promise<Map<string, S>>
  logger: Logger
  /** Every waiter is re-checked this often while notices arrive (a lost notice only delays). */
  fallbackMs?: number
  /** ...and this often while the subscription is down (the only way a change is seen then). */
  degradedFallbackMs?: number
}

export const CHANGE_FEED_DEFAULTS = { fallbackMs: 2000, degradedFallbackMs: 500 }
/** Notices older than this are forgotten; they only serve waits whose first read raced them. */
const RECENT_MS = 10_000
const PROBE_CHUNK = 500

export interface WaitOptions<S> {
  /** A notice for any of these wakes the check (e.g. a reservation's id and its order's). */
  keys: string[]
  /** The key `probe` reads the state by. */
  probeKey: string
  timeoutMs: number
  /** true once the state is what the client waits for (it differs from what the client has). */
  done: (state: S | undefined) => boolean
  /** From `cursor()` taken before the caller's own read: notices since then are checked at once. */
  after: number
  /** The client went away: stop waiting. */
  signal?: AbortSignal
}

/** Why a wait ended; the caller reads the current state afterwards in every case but `aborted`. */
export type WaitEnd = 'changed' | 'timeout' | 'closing' | 'aborted'

interface Waiter<S> {
  options: WaitOptions<S>
  end: (why: WaitEnd) => void
}

/**
 * Long-poll support: a request waits until the state of one entity changes, without a database query
 * per waiting client. Writers `publish(key)` after their transaction commits; every process holds one
 * Redis subscription and an in-process map of waiters; a notice re-checks the waiters of that key with
 * one batched `probe`. A lost notice (Redis away, a publish that failed) only delays: every waiter is
 * re-checked by one batched probe per `fallbackMs` (faster while the subscription is down). MySQL
 * stays the only truth: a notice is a hint to look, never the state itself.
 */
export class ChangeFeed<S> {
  private readonly options: Required<ChangeFeedOptions<S>>
  private readonly waiters = new Set<Waiter<S>>()
  /** notice key → waiters, and probe key → waiters */
  private readonly byKey = new Map<string, Set<Waiter<S>>>()
  private readonly byProbe = new Map<string, Set<Waiter<S>>>()
  /** key → sequence number of its last notice (recent ones only) */
  private readonly recent = new Map<string, { seq: number; at: number }>()
  private seq = 0
  private subscriber: Redis | undefined
  private subscribed = false
  private closing = false
  private tickTimer: NodeJS.Timeout | undefined
  private ticking: Promise<void> | undefined
  private readonly noticed = new Set<string>()
  private flushing = false
  private probeFailing = false

  constructor(options: ChangeFeedOptions<S>) {
    this.options = { ...CHANGE_FEED_DEFAULTS, ...options }
  }

  /** Subscribes (in the background: a Redis that is away is retried) and returns how to stop. */
  start(): () => Promise<void> {
    const { redisUrl, channel, logger } = this.options
    const subscriber = new Redis(redisUrl, {
      lazyConnect: false,
      // Subscribed again on every 'ready' below, followed by a re-check of every waiter.
      autoResubscribe: false,
      maxRetriesPerRequest: null,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    })
    this.subscriber = subscriber
    let down = false
    subscriber.on('error', (error) => {
      if (!down) logger.warn({ err: error.message }, 'change feed: Redis subscription lost; waits re-check MySQL every '
        + `${this.options.degradedFallbackMs} ms`)
      down = true
    })
    subscriber.on('close', () => { this.subscribed = false })
    subscriber.on('message', (_channel: string, key: string) => this.notice(key))
    // On every (re)connection: subscribe, then re-check every waiter (notices may have been lost meanwhile).
    subscriber.on('ready', () => {
      subscriber.subscribe(channel).then(() => {
        if (down) logger.info('change feed: Redis subscription back')
        down = false
        this.subscribed = true
        this.schedule(0)
      }, (error: Error) => logger.warn({ err: error.message }, 'change feed: subscribe failed'))
    })
    return () => this.close()
  }

  /** After the commit that changed `key`: tell every process. Never throws; a lost notice only delays. */
  publish(key: string): void {
    const { publisher, channel } = this.options
    if (!publisher || publisher.status !== 'ready') return
    publisher.publish(channel, key).catch(() => undefined)
  }

  /** Take before the first read of a state a wait may follow (see WaitOptions.after). */
  cursor(): number {
    return this.seq
  }

  /** Waits until `done(state)`, the timeout, the client leaving or the service closing. */
  wait(options: WaitOptions<S>): Promise<WaitEnd> {
    if (this.closing) return Promise.resolve('closing')
    if (options.signal?.aborted) return Promise.resolve('aborted')
    return new Promise<WaitEnd>((resolve) => {
      const onAbort = () => waiter.end('aborted')
      const timer = setTimeout(() => waiter.end('timeout'), options.timeoutMs)
      const waiter: Waiter<S> = {
        options,
        end: (why) => {
          if (!this.waiters.delete(waiter)) return
          clearTimeout(timer)
          options.signal?.removeEventListener('abort', onAbort)
          for (const key of options.keys) unindex(this.byKey, key, waiter)
          unindex(this.byProbe, options.probeKey, waiter)
          resolve(why)
        },
      }
      this.waiters.add(waiter)
      index(this.byProbe, options.probeKey, waiter)
      for (const key of options.keys) {
        index(this.byKey, key, waiter)
        // A notice that arrived while the caller was reading: check now rather than at the next tick.
        if ((this.recent.get(key)?.seq ?? 0) > options.after) this.notice(key, false)
      }
      options.signal?.addEventListener('abort', onAbort, { once: true })
      this.schedule(this.interval())
    })
  }

  /** Waiting requests (for metrics and tests). */
  get waiting(): number {
    return this.waiters.size
  }

  /** Ends every wait ('closing': the callers answer with the current state) and unsubscribes. */
  async close(): Promise<void> {
    this.closing = true
    for (const waiter of [...this.waiters]) waiter.end('closing')
    clearTimeout(this.tickTimer)
    this.tickTimer = undefined
    await this.ticking
    this.subscriber?.disconnect()
  }

  private interval(): number {
    return this.subscribed ? this.options.fallbackMs : this.options.degradedFallbackMs
  }

  private notice(key: string, remember = true): void {
    if (remember) {
      this.seq += 1
      // Deleted first, so the map stays in the order of the last notice (forgetOldNotices relies on it).
      this.recent.delete(key)
      this.recent.set(key, { seq: this.seq, at: Date.now() })
      this.forgetOldNotices()
    }
    const set = this.byKey.get(key)
    if (!set) return
    for (const waiter of set) this.noticed.add(waiter.options.probeKey)
    if (this.flushing) return
    this.flushing = true
    // Notices arriving together are checked together.
    setImmediate(() => {
      this.flushing = false
      const keys = [...this.noticed]
      this.noticed.clear()
      void this.check(keys)
    })
  }

  /** Probes `keys` (batched) and ends the waits on them that are done. */
  private async check(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += PROBE_CHUNK) {
      const chunk = keys.slice(i, i + PROBE_CHUNK)
      let states: Map<string, S>
      try {
        states = await this.options.probe(chunk)
        if (this.probeFailing) this.options.logger.info('change feed: probe works again')
        this.probeFailing = false
      } catch (error) {
        // MySQL away: keep waiting; the caller's final read answers (or fails) as a plain read would.
        if (!this.probeFailing) this.options.logger.warn({ err: (error as Error).message }, 'change feed: probe failed; waits go on')
        this.probeFailing = true
        continue
      }
      for (const key of chunk) {
        const state = states.get(key)
        for (const waiter of [...(this.byProbe.get(key) ?? [])]) {
          if (waiter.options.done(state)) waiter.end('changed')
        }
      }
    }
  }

  /** The fallback: one batched probe of every waiter, while there are any. */
  private schedule(delayMs: number): void {
    if (this.closing || this.ticking) return
    if (this.tickTimer) {
      if (delayMs > 0) return
      clearTimeout(this.tickTimer)
    }
    this.tickTimer = setTimeout(() => {
      this.tickTimer = undefined
      if (this.waiters.size === 0) return
      const keys = [...this.byProbe.keys()]
      this.ticking = this.check(keys).finally(() => {
        this.ticking = undefined
        if (this.waiters.size > 0) this.schedule(this.interval())
      })
    }, delayMs)
    this.tickTimer.unref()
  }

  private forgetOldNotices(): void {
    const before = Date.now() - RECENT_MS
    for (const [key, { at }] of this.recent) {
      if (at >= before) break // oldest first (see notice)
      this.recent.delete(key)
    }
  }
}

function index<S>(map: Map<string, Set<Waiter<S>>>, key: string, waiter: Waiter<S>): void {
  let set = map.get(key)
  if (!set) map.set(key, (set = new Set()))
  set.add(waiter)
}

function unindex<S>(map: Map<string, Set<Waiter<S>>>, key: string, waiter: Waiter<S>): void {
  const set = map.get(key)
  set?.delete(waiter)
  if (set?.size === 0) map.delete(key)
}
