/** Errors, exit codes, argument parsing and stack settings shared by the `pnpm ops` commands. */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { portOpen } from '../stack/process.ts'
import { existsSync } from 'node:fs'
import { parseEnvFile, paths } from '../stack.ts'

export const EXIT_OK = 0
/** unhealthy, or an action that failed */
export const EXIT_FAIL = 1
/** the command line was wrong (unknown command, option, topic, connector, group) */
export const EXIT_USAGE = 2

/** The operator asked for something that does not exist or typed the command wrong: exit 2, usage hint. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message)
    this.name = 'UsageError'
  }
}

/** An expected failure (stack down, action failed): exit 1, one line plus what to do. */
export class OpsError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message)
    this.name = 'OpsError'
  }
}

export interface Settings {
  brokers: string[]
  connectUrl: string
  /** true when .data/stack.env exists */
  stackEnv: boolean
}

/** Kafka and Connect addresses: the environment wins, then .data/stack.env, then the local stack's defaults. */
export function settings(): Settings {
  const file = parseEnvFile()
  const brokers = (process.env.KAFKA_BROKERS ?? file.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean)
  const connectUrl = process.env.CONNECT_URL ?? file.CONNECT_URL ?? 'http://127.0.0.1:8083'
  return { brokers, connectUrl, stackEnv: existsSync(paths.STACK_ENV) }
}

export const STACK_FIX = 'start the stack with `pnpm infra up` (check it with `pnpm infra status`)'

/** True when something accepts TCP connections on host:port within `timeoutMs`. */
export function tcpOpen(hostPort: string, timeoutMs = 1000): Promise<boolean> {
  const i = hostPort.lastIndexOf(':')
  const host = i > 0 ? hostPort.slice(0, i).replace(/^\[|\]$/g, '') : hostPort
  const port = i > 0 ? Number(hostPort.slice(i + 1)) : 9092
  return portOpen(port, host, timeoutMs)
}

export interface Parsed {
  values: Record<string, string | boolean | undefined>
  positionals: string[]
}

/** node:util parseArgs, with its errors turned into UsageError (exit 2) naming the command. */
export function parse(
  command: string,
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  positionals: { min: number; max: number; names: string },
): Parsed {
  let r: Parsed
  try {
    r = parseArgs({ args, options, allowPositionals: true, strict: true }) as Parsed
  } catch (err) {
    throw new UsageError(`${command}: ${(err as Error).message.replace(/\. To specify a positional.*$/s, '')}`, `pnpm ops ${command} --help`)
  }
  const n = r.positionals.length
  if (n < positionals.min) throw new UsageError(`${command}: missing ${positionals.names}`, `pnpm ops ${command} --help`)
  if (n > positionals.max) throw new UsageError(`${command}: unexpected argument ${r.positionals[positionals.max]}`, `pnpm ops ${command} --help`)
  return r
}

export const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined)

export function positiveInt(command: string, name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new UsageError(`${command}: --${name} must be a positive whole number (got ${JSON.stringify(v)})`)
  return Number(v)
}

/** Writes a JSON document (one line per document, so `--watch --json` is NDJSON). */
export function printJson(v: unknown): void {
  process.stdout.write(`${JSON.stringify(v)}\n`)
}

export const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h')
