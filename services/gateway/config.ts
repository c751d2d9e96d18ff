import { Type } from 'typebox'
import { BaseConfig, loadConfig } from '@concert/platform'

/** One instance's URL, or several separated by commas: the gateway balances over them (domain/upstreams.ts). */
const ServiceUrl = (port: number) => Type.String({ minLength: 8, pattern: '^https?://', default: `http://127.0.0.1:${port}` })

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
  /** Every instance's /health/live is probed this often (jobs/probe-instances.ts)... */
  UPSTREAM_PROBE_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 1000 }),
  /** ...and must answer within this; two late or failed answers in a row take it out of the rotation. */
  UPSTREAM_PROBE_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 2000 }),
  /** Largest request body the gateway forwards (every route is JSON); larger is 413 PAYLOAD_TOO_LARGE. */
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 10 * 1024 * 1024, default: 32 * 1024 }),
  /** A request body must arrive within this after its headers; slower is 408 REQUEST_TIMEOUT. */
  BODY_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 10_000 }),
  /**
   * The local address upstream connections leave from (e.g. 127.0.0.2 on one machine), so services
   * can tell the gateway from a direct caller: they trust X-Forwarded-For only from TRUSTED_PROXIES.
   */
  UPSTREAM_LOCAL_ADDRESS: Type.Optional(Type.String({ minLength: 2, maxLength: 45 })),
  OPENAPI_CACHE_SECONDS: Type.Integer({ minimum: 0, maximum: 3600, default: 30 }),
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>
export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(GatewayConfig, env)
