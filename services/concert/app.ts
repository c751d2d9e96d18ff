import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { EventHandlers } from '@concert/outbox'
import { createRedis, createService, type Runnable } from '@concert/platform'
import type { ConcertConfig } from './config.ts'
import { migrations } from './db/migrations.ts'
import type { ConcertDatabase } from './db/schema.ts'
import { CompactSeatMap } from './db/compact-map.ts'
import { HoldBoardReader } from './db/hold-board.ts'
import { SeatCache } from './db/seat-cache.ts'
import { concertEventHandlers } from './events/consumers.ts'
import { performanceRoutes } from './routes/performances.ts'
import { scheduleRoutes } from './routes/schedules.ts'
import { seatStatusRoutes } from './routes/seat-status.ts'
import { seatRoutes } from './routes/seats.ts'
import { venueRoutes } from './routes/venues.ts'

export interface ConcertService extends Runnable {
  db: Kysely<ConcertDatabase>
  seatCache: SeatCache
  /** The saga handlers the consumer runs; exposed so tests can apply events exactly as it does. */
  eventHandlers: EventHandlers<ConcertDatabase>
}

export async function buildConcertService(config: ConcertConfig, logger?: Logger): Promise<ConcertService> {
  const service = await createService<ConcertDatabase>({
    name: 'concert',
    description: 'Venues, performances, schedules, seats and seat availability',
    config,
    logger,
    migrations,
    redis: { degradedDetail: 'seat maps served from MySQL' },
  })
  const { app, db, redis } = service
  const seatCache = new SeatCache({ db, redis, ttlSeconds: config.SEAT_CACHE_TTL_SECONDS, logger: service.logger, metrics: app.metrics })
  service.job(() => seatCache.repair.start())
  const eventHandlers = concertEventHandlers(seatCache)
  service.consume(eventHandlers)

  venueRoutes(app, db)
  performanceRoutes(app, db)
  scheduleRoutes(app, db, seatCache)
  // order-service's hold board, read-only (the ACL allows `order:board:*`): a connection of its own,
  // since the service's connection prefixes every key with `concert:`.
  const boardRedis = createRedis({ url: config.REDIS_URL, keyPrefix: 'order:board:', logger: service.logger })
  app.addHook('onClose', async () => { boardRedis.disconnect() })
  const board = new HoldBoardReader({ redis: boardRedis, metrics: app.metrics })
  seatRoutes(app, seatCache, board)
  seatStatusRoutes(app, new CompactSeatMap({ cache: seatCache, board, maxAgeMs: config.SEAT_STATUS_MAX_AGE_MS }))

  return { app, db, seatCache, eventHandlers, start: service.start }
}
