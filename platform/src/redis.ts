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
