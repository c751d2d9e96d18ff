import closeWithGrace from 'close-with-grace'
import { pino, type Logger } from 'pino'
import { currentTraceparent } from '@concert/outbox'
import type { ServiceApp } from './app.ts'
import { ConfigError } from './config.ts'

export function createLogger(service: string, level = process.env['LOG_LEVEL'] ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Every line logged inside a request or a saga step carries the trace it belongs to.
    mixin() {
      const traceparent = currentTraceparent()
      return traceparent ? { traceId: traceparent.slice(3, 35) } : {}
    },
    redact: { paths: ['req.headers.authorization', 'req.headers["x-queue-token"]', '*.password'], censor: '[redacted]' },
  })
}

export interface Runnable {
  app: ServiceApp
  /** Background work (consumers, sweepers) that starts after the HTTP server listens. */
  start?: () => Promise<void>
}

/**
 * Loads and validates the configuration, builds the service, listens, then starts its background
 * work. A bad setting stops it with one line naming the variable (exit 78, EX_CONFIG). SIGINT/SIGTERM
 * stop it gracefully: stop taking requests, let in-flight ones finish, then close consumers, pools and
 * clients through the app's onClose hooks.
 */
export async function runService<C extends { PORT: number; HOST: string }>(
  service: string,
  loadConfig: () => C,
  build: (config: C) => Promise<Runnable>,
): Promise<void> {
  const logger = createLogger(`${service}-bootstrap`)
  let config: C
  let runnable: Runnable
  try {
    config = loadConfig()
    runnable = await build(config)
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.fatal(error.message)
      process.exit(78)
    }
    logger.fatal({ err: error }, `${service} failed to start`)
    process.exit(1)
  }
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) runnable.app.log.error({ err }, 'shutting down after an error')
    else runnable.app.log.info({ signal }, 'shutting down')
    await runnable.app.close()
  })
  await runnable.app.listen({ port: config.PORT, host: config.HOST })
  await runnable.start?.()
}
