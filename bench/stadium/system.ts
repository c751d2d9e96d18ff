/**
 * The system a benchmark measures, started with e2e's System on ports shifted by 400 (beside
 * `pnpm start` and the e2e suite) and configured as it runs in production: every setting at its
 * service default, except what the flash-sale issue names (TRUST_PROXY=true, QUEUE_ADMIT_PER_SECOND=500).
 *
 * e2e's System starts services with fast test settings (TEST_DEFAULTS); each of those is put back to
 * the default its service's config schema declares, so a default changed in a service is the default
 * measured here. The one bench-only setting is a longer access token (ACCESS_TOKEN_TTL_SECONDS), so fans
 * signed in for one run keep their token through the next ones (setup/cache); it changes no request's cost.
 *
 * `dualWrite` starts every process with the dual-write module (bench/dual-write/): events go to Kafka
 * inside the request instead of through the outbox. Bench code only; no product setting.
 */
import { fileURLToPath } from 'node:url'
import type { System } from '../../e2e/src/system.ts'
import { adminCredentials } from '../../scripts/src/start.ts'
import { ConcertConfig } from '../../services/concert/config.ts'
import { GatewayConfig } from '../../services/gateway/config.ts'
import { OrderConfig } from '../../services/order/config.ts'
import { PaymentConfig } from '../../services/payment/config.ts'
import { ReviewConfig } from '../../services/review/config.ts'
import { UserConfig } from '../../services/user/config.ts'

export const BENCH_PORT_OFFSET = 400

/** The sale settings, on top of production defaults. */
export const SALE_SETTINGS: Record<string, string> = {
  QUEUE_ADMIT_PER_SECOND: '500',
  LOG_LEVEL: 'info',
  ACCESS_TOKEN_TTL_SECONDS: '86400',
}

/** e2e's System module, loaded once E2E_PORT_OFFSET says 400 (it reads the offset when loaded). */
async function systemModule() {
  process.env['E2E_PORT_OFFSET'] = String(BENCH_PORT_OFFSET)
  const module = await import('../../e2e/src/system.ts')
  if (module.PORT_OFFSET !== BENCH_PORT_OFFSET) throw new Error(`e2e's System was loaded before the bench set its port offset (${module.PORT_OFFSET})`)
  return module
}

/** The default each service's config declares for every setting e2e's System would otherwise set. */
export async function productionDefaults(): Promise<Record<string, string>> {
  const { TEST_DEFAULTS } = await systemModule()
  const schemas = [UserConfig, ConcertConfig, OrderConfig, PaymentConfig, ReviewConfig, GatewayConfig] as Array<Record<string, { default?: unknown }>>
  const out: Record<string, string> = {}
  for (const key of Object.keys(TEST_DEFAULTS)) {
    const declared = schemas.map((schema) => schema[key]?.default).find((value) => value !== undefined)
    if (declared === undefined) throw new Error(`no service declares a default for ${key}: cannot undo e2e's test setting`)
    out[key] = String(declared)
  }
  return out
}

export const DUAL_WRITE_REGISTER = fileURLToPath(new URL('../dual-write/register.mjs', import.meta.url))

export interface BenchSystemOptions {
  label: string
  dualWrite?: boolean
  instances?: number
  /** more settings for every service (after the sale settings) */
  env?: Record<string, string>
}

/**
 * Starts the system (the admin is the one `pnpm start` uses, .data/admin.env) and returns it with the
 * settings it got. The caller stops it.
 */
export async function startBenchSystem(options: BenchSystemOptions): Promise<{ system: System; settings: Record<string, string> }> {
  const { System } = await systemModule()
  const admin = adminCredentials()
  process.env['E2E_ADMIN_EMAIL'] = admin.ADMIN_EMAIL
  process.env['E2E_ADMIN_PASSWORD'] = admin.ADMIN_PASSWORD
  const settings: Record<string, string> = { ...(await productionDefaults()), ...SALE_SETTINGS, ...options.env }
  if (options.dualWrite) {
    settings['NODE_OPTIONS'] = [process.env['NODE_OPTIONS'], `--import=${DUAL_WRITE_REGISTER}`].filter(Boolean).join(' ')
  }
  const system = new System({
    label: options.label,
    env: settings,
    serviceEnv: { gateway: { TRUST_PROXY: 'true' } },
    ...(options.instances ? { instances: options.instances } : {}),
  })
  await system.start()
  return { system, settings: { ...settings, TRUST_PROXY: 'true (gateway)' } }
}
