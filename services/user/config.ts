import { Type } from 'typebox'
import { BaseConfig, loadConfig } from '@concert/platform'

export const UserConfig = {
  ...BaseConfig,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3001 }),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 86_400, default: 900 }),
  ADMISSION_TTL_SECONDS: Type.Integer({ minimum: 10, maximum: 86_400, default: 600 }),
  QUEUE_ADMIT_PER_SECOND: Type.Integer({ minimum: 1, maximum: 100_000, default: 50 }),
  QUEUE_ACTIVE_LIMIT: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1000 }),
  QUEUE_IDLE_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 60 }),
  QUEUE_TICK_MS: Type.Integer({ minimum: 20, maximum: 5000, default: 200 }),
  SIGN_IN_ATTEMPTS_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 10_000, default: 10 }),
  ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 12 })),
}

export type UserConfig = ReturnType<typeof loadUserConfig>
export const loadUserConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(UserConfig, env)
