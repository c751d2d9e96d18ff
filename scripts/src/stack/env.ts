/**
 * .data/stack.env: everything services and tests need to reach the stack (KEY=VALUE lines, loadable with
 * `node --env-file=.data/stack.env`). Secrets are generated on the first `up` and read back afterwards.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { DATA_DIR, STACK_ENV } from './paths.ts'
import { CONNECT_METRICS_PORT, CONNECT_PORT, HOST, KAFKA_PORT, MARIADB_PORT, REDIS_PORT } from './config.ts'
import { SERVICES, databaseOf, envPrefixOf, redisUserOf, type Service } from './services.ts'

export interface Secrets {
  rootPassword: string
  debeziumPassword: string
  redisAdminPassword: string
  db: Record<Service, string>
  redis: Record<Service, string>
}

export const DEBEZIUM_USER = 'debezium'
export const REDIS_ADMIN_USER = 'admin'

const newPassword = () => randomBytes(18).toString('base64url')

export function parseEnvFile(path = STACK_ENV): Record<string, string> {
  if (!existsSync(path)) return {}
  const out: Record<string, string> = {}
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line)
    if (m) out[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1')
  }
  return out
}

const passwordFromUrl = (u: string | undefined): string | undefined => {
  if (!u) return undefined
  try {
    return decodeURIComponent(new URL(u).password) || undefined
  } catch {
    return undefined
  }
}

/** Reads the secrets back from stack.env; generates whatever is missing. */
export function loadSecrets(): { secrets: Secrets; existed: boolean } {
  const env = parseEnvFile()
  const existed = Object.keys(env).length > 0
  const pick = (v: string | undefined) => v ?? newPassword()
  const db = {} as Record<Service, string>
  const redis = {} as Record<Service, string>
  for (const s of SERVICES) {
    db[s] = pick(passwordFromUrl(env[`${envPrefixOf(s)}_DATABASE_URL`]))
    redis[s] = pick(passwordFromUrl(env[`${envPrefixOf(s)}_REDIS_URL`]))
  }
  return {
    existed,
    secrets: {
      rootPassword: pick(env.MYSQL_ROOT_PASSWORD),
      debeziumPassword: pick(env.DEBEZIUM_DB_PASSWORD),
      redisAdminPassword: pick(passwordFromUrl(env.REDIS_ADMIN_URL)),
      db,
      redis,
    },
  }
}

export function stackEnv(s: Secrets): Record<string, string> {
  const env: Record<string, string> = {
    STACK_ENGINE: 'mariadb',
    MYSQL_HOST: HOST,
    MYSQL_PORT: String(MARIADB_PORT),
    MYSQL_ROOT_USER: 'root',
    MYSQL_ROOT_PASSWORD: s.rootPassword,
    DEBEZIUM_DB_USER: DEBEZIUM_USER,
    DEBEZIUM_DB_PASSWORD: s.debeziumPassword,
    REDIS_HOST: HOST,
    REDIS_PORT: String(REDIS_PORT),
    REDIS_ADMIN_URL: `redis://${REDIS_ADMIN_USER}:${s.redisAdminPassword}@${HOST}:${REDIS_PORT}`,
    KAFKA_BROKERS: `${HOST}:${KAFKA_PORT}`,
    CONNECT_URL: `http://${HOST}:${CONNECT_PORT}`,
    CONNECT_METRICS_URL: `http://${HOST}:${CONNECT_METRICS_PORT}/metrics`,
  }
  for (const svc of SERVICES) {
    const p = envPrefixOf(svc)
    const db = databaseOf(svc)
    env[`${p}_DATABASE_URL`] = `mysql://${db}:${s.db[svc]}@${HOST}:${MARIADB_PORT}/${db}`
    env[`${p}_REDIS_URL`] = `redis://${redisUserOf(svc)}:${s.redis[svc]}@${HOST}:${REDIS_PORT}`
  }
  return env
}

export function writeStackEnv(s: Secrets): void {
  mkdirSync(DATA_DIR, { recursive: true })
  const env = stackEnv(s)
  const body =
    '# Written by `pnpm infra up` (scripts/src/stack/env.ts). Local secrets: do not commit.\n' +
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') +
    '\n'
  const current = existsSync(STACK_ENV) ? readFileSync(STACK_ENV, 'utf8') : ''
  if (current !== body) writeFileSync(STACK_ENV, body, { mode: 0o600 })
  chmodSync(STACK_ENV, 0o600)
}
