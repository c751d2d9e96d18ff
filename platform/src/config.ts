import { isIP } from 'node:net'
import addFormats from 'ajv-formats'
import envSchema from 'env-schema'
import { Type, type Static, type TObject, type TProperties } from 'typebox'

/** Settings every service shares; each service adds its own with `serviceConfig`. */
export const BaseConfig = {
  HOST: Type.String({ default: '127.0.0.1' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  DATABASE_URL: Type.String({ pattern: '^mysql://' }),
  REDIS_URL: Type.String({ pattern: '^rediss?://' }),
  KAFKA_BROKERS: Type.String({ minLength: 1, default: '127.0.0.1:9092' }),
  /** Off for an API-only instance (and for services started inside another service's tests). */
  EVENT_CONSUMERS_ENABLED: Type.Boolean({ default: true }),
  OUTBOX_RETENTION_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 366, default: 168 }),
  /**
   * Comma-separated IPs/CIDRs of the proxies (the gateway) whose X-Forwarded-For is believed. Empty:
   * nobody's, so the client address is the connection's. See `trustedProxies`.
   */
  TRUSTED_PROXIES: Type.String({ default: '', maxLength: 2000, pattern: '^[0-9A-Fa-f.:/, ]*$' }),
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * Validates the environment against a schema at start-up, so a bad value stops the service with a
 * message naming the variable instead of failing later in a request.
 */
export function loadConfig<P extends TProperties>(
  properties: P,
  env: Record<string, string | undefined> = process.env,
): Static<TObject<P>> {
  try {
    return envSchema({
      schema: Type.Object(properties),
      data: env,
      dotenv: false,
      ajv: { customOptions: (ajv) => addFormats.default(ajv as never) as never },
    }) as Static<TObject<P>>
  } catch (error) {
    const message = (error as Error).message.replace(/^env\s*/, '')
    throw new ConfigError(`Invalid configuration: ${message}`)
  }
}

export function brokers(list: string): string[] {
  return list.split(',').map((broker) => broker.trim()).filter(Boolean)
}

/**
 * TRUSTED_PROXIES as a list Fastify's trustProxy takes; an entry that is not an IP address or a CIDR
 * block stops the service with a ConfigError naming the variable.
 */
export function trustedProxies(list: string | undefined): string[] {
  const entries = (list ?? '').split(',').map((entry) => entry.trim()).filter(Boolean)
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.split('/')
    const family = isIP(address)
    const prefix = bits === undefined ? 0 : /^\d{1,3}$/.test(bits) ? Number(bits) : -1
    if (!family || extra !== undefined || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
      throw new ConfigError(`Invalid configuration: TRUSTED_PROXIES entry '${entry}' is not an IP address or CIDR block`)
    }
  }
  return entries
}
