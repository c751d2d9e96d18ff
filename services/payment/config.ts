import { Type } from 'typebox'
import { BaseConfig, loadConfig } from '@concert/platform'

export const PaymentConfig = {
  ...BaseConfig,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3004 }),
  JWKS_URL: Type.String({ format: 'uri', default: 'http://127.0.0.1:3001/.well-known/jwks.json' }),
  PAYMENT_GATEWAY_DECLINE_RATE: Type.Number({ minimum: 0, maximum: 1, default: 0 }),
  PAYMENT_GATEWAY_LATENCY_MS: Type.Integer({ minimum: 0, maximum: 30_000, default: 0 }),
  /** How long a cached balance may live; it is rewritten after every change, this only bounds staleness after a lost write. */
  BALANCE_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 }),
  /** How long POST /payments waits for an order it has not heard of yet (read-model lag) before answering 404. */
  ORDER_VIEW_WAIT_MS: Type.Integer({ minimum: 0, maximum: 10_000, default: 2_000 }),
}

export type PaymentConfig = ReturnType<typeof loadPaymentConfig>
export const loadPaymentConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(PaymentConfig, env)
