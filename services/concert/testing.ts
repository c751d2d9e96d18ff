import { testServiceEnv } from '@concert/platform/testing'
import { buildConcertService, type ConcertService } from './app.ts'
import { loadConcertConfig } from './config.ts'

/**
 * concert-service in process, for its own tests and other packages' (the gateway's): real MariaDB
 * and Redis from the stack env, tokens verified against the given JWKS (an in-process user-service),
 * no Kafka consumer unless overridden.
 */
export async function startConcertService(jwksUrl: string, overrides: Record<string, string> = {}): Promise<ConcertService> {
  return buildConcertService(loadConcertConfig(testServiceEnv('concert', { JWKS_URL: jwksUrl, ...overrides })))
}
