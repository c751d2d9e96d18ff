import { Type } from 'typebox'
import { BaseConfig, loadConfig } from '@concert/platform'

const ServiceUrl = (port: number) => Type.String({ format: 'uri', pattern: '^https?://', default: `http://127.0.0.1:${port}` })

export const GatewayConfig = {
  HOST: BaseConfig.HOST,
  LOG_LEVEL: BaseConfig.LOG_LEVEL,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  USER_SERVICE_URL: ServiceUrl(3001),
  CONCERT_SERVICE_URL: ServiceUrl(3002),
  ORDER_SERVICE_URL: ServiceUrl(3003),
  PAYMENT_SERVICE_URL: ServiceUrl(3004),
  REVIEW_SERVICE_URL: ServiceUrl(3005),
  /** `*` (any origin; fine locally) or a comma-separated list of allowed origins. */
  CORS_ORIGINS: Type.String({ minLength: 1, default: '*' }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 600 }),
  /** Shares rate-limit budgets between gateway instances; without it each instance counts alone. */
  GATEWAY_REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  /** Behind a load balancer: take the client address from X-Forwarded-For. */
  TRUST_PROXY: Type.Boolean({ default: false }),
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 15_000 }),
  OPENAPI_CACHE_SECONDS: Type.Integer({ minimum: 0, maximum: 3600, default: 30 }),
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>
export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(GatewayConfig, env)
