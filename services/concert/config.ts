import { Type } from 'typebox'
import { BaseConfig, loadConfig } from '@concert/platform'

export const ConcertConfig = {
  ...BaseConfig,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3002 }),
  JWKS_URL: Type.String({ format: 'uri', default: 'http://127.0.0.1:3001/.well-known/jwks.json' }),
  /** Idle seat maps drop out of Redis after this long; every change or cold read restores them. */
  SEAT_CACHE_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 30 * 86_400, default: 86_400 }),
  /** GET /seats/{id}/status answers from a body at most this old, so a crowd costs one map read per interval. */
  SEAT_STATUS_MAX_AGE_MS: Type.Integer({ minimum: 0, maximum: 10_000, default: 200 }),
}

export type ConcertConfig = ReturnType<typeof loadConcertConfig>
export const loadConcertConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(ConcertConfig, env)
