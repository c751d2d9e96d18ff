import { Type } from 'typebox'
import { BaseConfig, loadConfig } from '@concert/platform'

export const ReviewConfig = {
  ...BaseConfig,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3005 }),
  JWKS_URL: Type.String({ format: 'uri', default: 'http://127.0.0.1:3001/.well-known/jwks.json' }),
  /** How long a cached rating summary may live; every new review refreshes it sooner. */
  SUMMARY_CACHE_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 300 }),
}

export type ReviewConfig = ReturnType<typeof loadReviewConfig>
export const loadReviewConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(ReviewConfig, env)
