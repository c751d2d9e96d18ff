// Services declare OpenAPI schema keys (tags, hide) and use app.swagger(): keep @fastify/swagger's type
// augmentation in the declarations that `pnpm typecheck` (tsc -b) gives them.
/// <reference types="@fastify/swagger" preserve="true" />
export { createServiceApp, type ServiceApp, type ServiceAppOptions } from './app.ts'
export { accessLogController } from './access-log.ts'
export { authPlugin } from './auth.ts'
export { BaseConfig, ConfigError, brokers, loadConfig, trustedProxies } from './config.ts'
export { createDatabase, isDuplicateKey, migrateCommand, migrateToLatest } from './db.ts'
export {
  DEFAULT_RETRY_AFTER_SECONDS, ProblemError, badRequest, clientErrorHandler, conflict, errorProblem, forbidden, frameworkErrors, notFound, problemBody,
  problemServerOptions, registerProblemHandlers, sendProblem, unauthenticated, unavailable, unprocessable, type Problem,
} from './errors.ts'
export { DatabaseConnectionTimeout, classifyOutage, dependencyOf, type Dependency, type Outage } from './outages.ts'
export { duplicateKey, strictJsonBodies } from './json-body.ts'
export { healthRoutes, readiness, type CheckResult, type ReadinessCheck } from './health.ts'
export {
  deleteOldIdempotencyKeys, idempotencyMigration, idempotent, type IdempotencyTables, type IdempotentResult,
} from './idempotency.ts'
export { createLogger, runService, type Runnable } from './lifecycle.ts'
export { createMetricsRegistry, metricsRoutes } from './metrics.ts'
export { CHANGE_FEED_DEFAULTS, ChangeFeed, type ChangeFeedOptions, type WaitEnd, type WaitOptions } from './change-feed.ts'
export { MAX_WAIT_SECONDS, WaitSeconds, longPoll, requireStatusWithWait, type LongPollOptions } from './long-poll.ts'
export { CACHE_REPAIR_DEFAULTS, CacheRepair, createRedis, redisIsUp, type CacheRepairOptions } from './redis.ts'
export { ServiceMetrics } from './telemetry.ts'
export { createService, every, type Service, type ServiceOptions } from './service.ts'
export { IdempotencyHeaders, IsoDateTime, Page, PageQuery, ProblemSchema, Text, Uuid, problems, type TextOptions } from './schemas.ts'
export {
  ERROR_CODES_KEY, PROBLEM_MEDIA_TYPE, PROBLEM_REF, RETRY_AFTER_HEADER, contractDocument, contractOperation, exampleOf, problemResponse,
} from './openapi.ts'
export * from './tokens.ts'
export { currentTraceparent, isTraceparent, newTraceparent, runWithTrace } from '@concert/outbox'
