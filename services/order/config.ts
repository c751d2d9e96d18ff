import { Type } from 'typebox'
import { BaseConfig, loadConfig } from '@concert/platform'

export const OrderConfig = {
  ...BaseConfig,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3003 }),
  JWKS_URL: Type.String({ format: 'uri', default: 'http://127.0.0.1:3001/.well-known/jwks.json' }),
  HOLD_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 300 }),
  HOLD_SWEEP_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 600_000, default: 1000 }),
  HOLD_SWEEP_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  /** Seats one fan may hold (live holds) plus have bought for one performance. */
  TICKETS_PER_FAN_PER_PERFORMANCE: Type.Integer({ minimum: 1, maximum: 1000, default: 4 }),
  /** A paid booking can be cancelled (and refunded) until this many hours before the show starts; fractions allowed. */
  CANCELLATION_CLOSES_HOURS_BEFORE_START: Type.Number({ minimum: 0, maximum: 8760, default: 24 }),
}

export type OrderConfig = ReturnType<typeof loadOrderConfig>
export const loadOrderConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(OrderConfig, env)
