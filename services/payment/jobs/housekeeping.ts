import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { startOutboxRetention } from '@concert/outbox'
import { deleteOldIdempotencyKeys } from '@concert/platform'

export interface HousekeepingOptions {
  outboxRetentionHours: number
  intervalMs?: number
  logger: Logger
}

/** Deletes outbox rows past their retention and idempotency keys past a day; returns a stop function. */
export function startHousekeeping(db: Kysely<any>, options: HousekeepingOptions): () => Promise<void> {
  const intervalMs = options.intervalMs ?? 600_000
  const stopRetention = startOutboxRetention(db, { retentionHours: options.outboxRetentionHours, intervalMs, logger: options.logger })
  let running: Promise<void> | undefined
  const timer = setInterval(() => {
    running ??= deleteOldIdempotencyKeys(db)
      .catch((error: Error) => options.logger.warn({ err: error.message }, 'idempotency key cleanup failed; retrying next time'))
      .finally(() => { running = undefined })
  }, intervalMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await Promise.all([stopRetention(), running])
  }
}
