import { Redis } from 'ioredis'
import type { Logger } from 'pino'

export interface RedisOptions {
  url: string
  /** Every key this service touches starts with it (`concert:`); Redis ACLs enforce the same prefix. */
  keyPrefix: string
  logger: Logger
}

/**
 * A Redis client tuned for a cache that may vanish: commands fail fast instead of queueing, so
 * callers fall back to MySQL and the service stays up (degraded) while Redis is away.
 */
export function createRedis({ url, keyPrefix, logger }: RedisOptions): Redis {
  const redis = new Redis(url, {
    keyPrefix,
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  })
  let down = false
  redis.on('error', (error) => {
    if (!down) logger.warn({ err: error.message }, 'redis unavailable; serving from MySQL')
    down = true
  })
  redis.on('ready', () => {
    if (down) logger.info('redis is back')
    down = false
  })
  return redis
}

export function redisIsUp(redis: Redis): boolean {
  return redis.status === 'ready'
}

export interface CacheRepairOptions {
  redis: Redis
  /** What the cache holds, for logs (`seat maps`). */
  what: string
  /** The cache's keys as a SCAN pattern without the client's key prefix (`seats:*`). */
  keys: string
  /**
   * Rewrites from MySQL every entry whose rows changed at or after `since`, with a merge that never
   * replaces an entry by an older version, and throws if Redis did not take every write.
   */
  rewriteChangedSince: (since: Date) => Promise<unknown>
  logger: Logger
  /** How far before the moment a write failed or Redis went away the rewrite starts (clock skew, slow commits, stalled writers). */
  marginMs?: number
  /** At start-up the rewrite covers this long: a previous process may have died with writes lost. */
  startupLookbackMs?: number
  /** Pause between attempts while Redis or MySQL still fail. */
  retryMs?: number
}

export const CACHE_REPAIR_DEFAULTS = { marginMs: 60_000, startupLookbackMs: 10 * 60_000, retryMs: 1_000 }

/**
 * Makes a cache written after commit converge to MySQL after Redis comes back. Entries go stale when
 * a write fails (Redis unreachable, a command timed out, the connection dropped mid-write) or when a
 * restarted Redis reloads older data (the AOF's last second, an older file). So the cache is marked
 * stale since the moment of any failed write (`markStale`) and any lost connection; once Redis
 * answers, one run (a) deletes every entry of the cache if Redis restarted since this service last
 * looked (a new `run_id` than the one recorded in Redis: restored entries may be of any age) and (b)
 * rewrites from MySQL every entry whose rows changed since the stale moment minus a margin. Failed
 * runs are retried until one passes. Nothing depends on this process surviving: a new process starts
 * stale over the last `startupLookbackMs`, and the run_id check is shared by every instance.
 */
export class CacheRepair {
  private readonly options: Required<CacheRepairOptions>
  /** epoch ms since which entries may be stale; undefined while the cache is known good */
  private staleSince: number | undefined
  private started = false
  private failing = false
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined

  constructor(options: CacheRepairOptions) {
    this.options = { ...CACHE_REPAIR_DEFAULTS, ...options }
    this.staleSince = Date.now() - this.options.startupLookbackMs
    options.redis.on('close', () => this.markStale())
    options.redis.on('ready', () => this.schedule(0))
  }

  /** A cache write failed, or may not have reached Redis: entries changed from about now on may be stale. */
  markStale(): void {
    this.staleSince = Math.min(this.staleSince ?? Date.now(), Date.now())
    this.schedule(0)
  }

  /** true until a run has rewritten everything marked stale */
  get stale(): boolean {
    return this.staleSince !== undefined || this.running !== undefined
  }

  /** Starts repairing (a service job); the returned function stops it and waits for a run in progress. */
  start(): () => Promise<void> {
    this.started = true
    this.schedule(0)
    return async () => {
      this.started = false
      clearTimeout(this.timer)
      await this.running
    }
  }

  private schedule(delayMs: number): void {
    if (!this.started || this.running || this.timer || this.staleSince === undefined) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.running = this.run().finally(() => {
        this.running = undefined
        // Marked stale again during the run, or the run failed: go again (a run without Redis waits for 'ready').
        if (this.options.redis.status === 'ready') this.schedule(this.failing ? this.options.retryMs : 0)
      })
    }, delayMs)
    this.timer.unref()
  }

  private async run(): Promise<void> {
    if (!this.started || this.staleSince === undefined || this.options.redis.status !== 'ready') return
    const since = this.staleSince
    this.staleSince = undefined
    const { what, logger, marginMs } = this.options
    try {
      await this.forgetRestoredEntries()
      await this.options.rewriteChangedSince(new Date(since - marginMs))
      if (this.failing) logger.info(`${what} repaired from MySQL`)
      this.failing = false
    } catch (error) {
      this.staleSince = Math.min(this.staleSince ?? since, since)
      if (!this.failing) logger.warn({ err: (error as Error).message }, `${what} not repaired yet; retrying`)
      this.failing = true
    }
  }

  /** If Redis restarted since the last run of any instance, its entries may be of any age: delete them all. */
  private async forgetRestoredEntries(): Promise<void> {
    const { redis, keys, what, logger } = this.options
    const runId = /run_id:(\w+)/.exec(await redis.info('server'))?.[1]
    if (!runId) throw new Error('Redis INFO has no run_id')
    const marker = `redis-run-id:${keys.replace(/\W+$/, '')}`
    if ((await redis.get(marker)) === runId) return
    // SCAN patterns and the keys it returns carry the prefix; commands add it themselves.
    const prefix = redis.options.keyPrefix ?? ''
    let cursor = '0'
    let deleted = 0
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}${keys}`, 'COUNT', 1000)
      if (found.length > 0) deleted += await redis.unlink(...found.map((key) => key.slice(prefix.length)))
      cursor = next
    } while (cursor !== '0')
    await redis.set(marker, runId)
    if (deleted > 0) logger.warn({ deleted }, `Redis restarted: ${what} it restored were deleted and refill from MySQL`)
  }
}
