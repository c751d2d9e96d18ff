/**
 * For tests that build a service in process: its settings from the stack env (`.data/stack.env`,
 * loaded by tap), with its own database and Redis credentials under the generic names it reads,
 * quiet logs (TEST_LOG_LEVEL to see them) and no Kafka consumer unless a test asks for one.
 */
export function testServiceEnv(service: string, overrides: Record<string, string> = {}): Record<string, string | undefined> {
  const prefix = service.toUpperCase()
  return {
    ...process.env,
    DATABASE_URL: process.env[`${prefix}_DATABASE_URL`],
    REDIS_URL: process.env[`${prefix}_REDIS_URL`],
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    EVENT_CONSUMERS_ENABLED: 'false',
    ...overrides,
  }
}
