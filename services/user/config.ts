import { Type } from 'typebox'
import { BaseConfig, loadConfig } from '@concert/platform'

export const UserConfig = {
  ...BaseConfig,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3001 }),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 86_400, default: 900 }),
  ADMISSION_TTL_SECONDS: Type.Integer({ minimum: 10, maximum: 86_400, default: 600 }),
  QUEUE_ADMIT_PER_SECOND: Type.Integer({ minimum: 1, maximum: 100_000, default: 50 }),
  QUEUE_ACTIVE_LIMIT: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1000 }),
  /** The adaptive controller's floor: the queue moves at least this fast (admissions per second). */
  QUEUE_ADMIT_MIN_PER_SECOND: Type.Integer({ minimum: 1, maximum: 100_000, default: 5 }),
  /** ACTIVE fans (admitted, not yet paid or gone) the controller aims for; capped by QUEUE_ACTIVE_LIMIT. */
  QUEUE_ACTIVE_TARGET: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 200 }),
  /** Separates the admission loops of several stacks (or test runs) sharing one Redis; '' is the default room. */
  QUEUE_NAMESPACE: Type.String({ pattern: '^[a-z0-9-]{0,40}$', default: '' }),
  QUEUE_IDLE_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 60 }),
  QUEUE_TICK_MS: Type.Integer({ minimum: 20, maximum: 5000, default: 200 }),
  REFRESH_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 3600, maximum: 90 * 86_400, default: 14 * 86_400 }),
  /** Sign-in attempts per client address and minute, whatever the account (429 RATE_LIMITED). */
  SIGN_IN_ATTEMPTS_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 10_000, default: 30 }),
  /** Consecutive failures an account may have before each further one locks it briefly. */
  SIGN_IN_FAILURES_BEFORE_DELAY: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  /** The longest an account lock lasts; 60 at most, so the owner is never kept out longer. */
  SIGN_IN_MAX_DELAY_SECONDS: Type.Integer({ minimum: 1, maximum: 60, default: 60 }),
  ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 12 })),
}

export type UserConfig = ReturnType<typeof loadUserConfig>
export const loadUserConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(UserConfig, env)
