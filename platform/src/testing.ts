import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { kyselyFor } from '@concert/outbox/testing'
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

/**
 * A fresh database on the real MariaDB for one test file, usable by `service`'s own account, dropped
 * by `drop()`. Tests use it to stay clear of the service's shared database, whose outbox is streamed to
 * Kafka: a system running on the same stack (e2e, `pnpm start`) would answer the tests' events and
 * change their rows while the tests look at them.
 */
export async function isolatedDatabase(service: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${service}_test_${randomBytes(4).toString('hex')}`
  const url = new URL(String(process.env[`${service.toUpperCase()}_DATABASE_URL`]))
  const account = decodeURIComponent(url.username)
  const admin = kyselyFor<unknown>('mysql')
  await sql`CREATE DATABASE ${sql.id(name)} CHARACTER SET utf8mb4`.execute(admin)
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER ON ${sql.id(name)}.* TO ${sql.lit(account)}@'%'`.execute(admin)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)}`.execute(admin)
      await sql`REVOKE ALL PRIVILEGES ON ${sql.id(name)}.* FROM ${sql.lit(account)}@'%'`.execute(admin).catch(() => undefined)
      await admin.destroy()
    },
  }
}
