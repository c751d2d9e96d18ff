/**
 * Where everything of the local stack lives. All data is under .data/ (git-ignored), or under
 * STACK_DATA_DIR when set (a second stack next to the usual one; give it other ports too, see config.ts).
 */
import { fileURLToPath } from 'node:url'
import { join, resolve } from 'node:path'

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '')
export const DEBEZIUM_DIR = join(ROOT, 'debezium')
export const LIB_DIR = join(DEBEZIUM_DIR, 'lib')
export const KAFKA_LIB_DIR = join(LIB_DIR, 'kafka')
export const PLUGINS_DIR = join(DEBEZIUM_DIR, 'plugins')
export const JMX_AGENT_JAR = join(LIB_DIR, 'jmx_prometheus_javaagent.jar')

export const DEFAULT_DATA_DIR = join(ROOT, '.data')
export const DATA_DIR = process.env.STACK_DATA_DIR ? resolve(process.env.STACK_DATA_DIR) : DEFAULT_DATA_DIR
export const LOG_DIR = join(DATA_DIR, 'logs')
export const PID_DIR = join(DATA_DIR, 'pids')
export const STACK_ENV = join(DATA_DIR, 'stack.env')

export const MARIADB_DIR = join(DATA_DIR, 'mariadb')
export const REDIS_DIR = join(DATA_DIR, 'redis')
export const KAFKA_DIR = join(DATA_DIR, 'kafka')
export const CONNECT_DIR = join(DATA_DIR, 'connect')

export const logFile = (name: string) => join(LOG_DIR, `${name}.log`)
export const pidFile = (name: string) => join(PID_DIR, `${name}.pid`)
