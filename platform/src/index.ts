export { createServiceApp, type ServiceApp, type ServiceAppOptions } from './app.ts'
export { authPlugin } from './auth.ts'
export { BaseConfig, ConfigError, brokers, loadConfig } from './config.ts'
export { createDatabase, isDuplicateKey, migrateCommand, migrateToLatest } from './db.ts'
export {
  ProblemError, badRequest, conflict, forbidden, notFound, problemBody, unauthenticated, unprocessable, type Problem,
} from './errors.ts'
export { healthRoutes, readiness, type CheckResult, type ReadinessCheck } from './health.ts'
export {
  deleteOldIdempotencyKeys, idempotencyMigration, idempotent, type IdempotencyTables, type IdempotentResult,
} from './idempotency.ts'
export { createLogger, runService, type Runnable } from './lifecycle.ts'
export { createMetricsRegistry, metricsRoutes } from './metrics.ts'
export { createRedis, redisIsUp } from './redis.ts'
export { ServiceMetrics } from './telemetry.ts'
export { createService, every, type Service, type ServiceOptions } from './service.ts'
export { IdempotencyHeaders, IsoDateTime, Page, PageQuery, ProblemSchema, Uuid, problems } from './schemas.ts'
export * from './tokens.ts'
export { currentTraceparent, isTraceparent, newTraceparent, runWithTrace } from '@concert/outbox'
