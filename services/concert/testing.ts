import { createLogger } from '@concert/platform'
import { buildConcertService, type ConcertService } from './app.ts'
import { loadConcertConfig } from './config.ts'

/**
 * concert-service in process, for its own tests and other packages' (the gateway's): real MariaDB
 * and Redis from the stack env, tokens verified against the given JWKS (an in-process user-service),
 * no Kafka consumer unless overridden.
 */
export async function startConcertService(jwksUrl: string, overrides: Record<string, string> = {}): Promise<ConcertService> {
  const config = loadConcertConfig({
    ...process.env,
    DATABASE_URL: process.env['CONCERT_DATABASE_URL'],
    REDIS_URL: process.env['CONCERT_REDIS_URL'],
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    EVENT_CONSUMERS_ENABLED: 'false',
    JWKS_URL: jwksUrl,
    ...overrides,
  })
  return buildConcertService(config, createLogger('concert-service', config.LOG_LEVEL))
}
