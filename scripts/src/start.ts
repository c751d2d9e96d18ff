/**
 * `pnpm start`: brings the local stack up (databases, accounts, topics, connectors), then runs every
 * service and the gateway in the foreground with prefixed logs. Ctrl-C stops them gracefully; the
 * stack keeps running (`pnpm infra down` stops it).
 *
 * `pnpm start --instances 2` runs two processes of every service (order on 3003 and 3013, ...; see
 * INSTANCE_PORT_STEP) and one gateway balancing over them.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseEnv } from 'node:util'
import { spawnSync } from 'node:child_process'
import { INSTANCE_PORT_STEP, MAX_INSTANCES, SERVICES, instanceLabel, launch, readStackEnv, root, serviceEnv, waitReady, type RunningService } from './services.ts'

const COLORS = [36, 35, 33, 32, 34, 37]

const ADMIN_FILE = '.data/admin.env'
/** What `pnpm start` last started the system with: where the admin came from (never the password). */
const STARTED_FILE = '.data/admin.started'

export type AdminCredentials = { ADMIN_EMAIL: string; ADMIN_PASSWORD: string }

/**
 * The demo admin for `pnpm start`: the caller's ADMIN_EMAIL/ADMIN_PASSWORD, else one generated once and
 * kept in .data/admin.env. user-service makes sure this account exists with this password at start-up.
 */
export function adminCredentials(): AdminCredentials {
  if (process.env['ADMIN_EMAIL'] && process.env['ADMIN_PASSWORD']) {
    return { ADMIN_EMAIL: process.env['ADMIN_EMAIL'], ADMIN_PASSWORD: process.env['ADMIN_PASSWORD'] }
  }
  const file = join(root, ADMIN_FILE)
  if (!existsSync(file)) {
    writeFileSync(file, `ADMIN_EMAIL=admin@concert.local\nADMIN_PASSWORD=${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 })
  }
  const saved = parseEnv(readFileSync(file, 'utf8'))
  return { ADMIN_EMAIL: saved['ADMIN_EMAIL']!, ADMIN_PASSWORD: saved['ADMIN_PASSWORD']! }
}

/** Remembers where the admin of this start came from, so `pnpm seed` can say which variables to set. */
function recordAdminSource(admin: AdminCredentials): void {
  const source = process.env['ADMIN_EMAIL'] && process.env['ADMIN_PASSWORD'] ? 'environment' : ADMIN_FILE
  writeFileSync(join(root, STARTED_FILE), `ADMIN_SOURCE=${source}\nADMIN_EMAIL=${admin.ADMIN_EMAIL}\n`, { mode: 0o600 })
}

/**
 * The admin a client of the running system (`pnpm seed`, benches) should sign in with, without ever
 * creating or writing credentials: the environment's ADMIN_EMAIL and ADMIN_PASSWORD; else, unless the
 * system was started with an admin from the environment, .data/admin.env. Throws an Error whose
 * message is one line saying exactly what to set.
 */
export function runningAdminCredentials(env: NodeJS.ProcessEnv = process.env, home = root): AdminCredentials & { source: string } {
  const email = env['ADMIN_EMAIL']
  const password = env['ADMIN_PASSWORD']
  if (email && password) return { ADMIN_EMAIL: email, ADMIN_PASSWORD: password, source: 'ADMIN_EMAIL/ADMIN_PASSWORD' }
  if (email || password) throw new Error(`only ${email ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'} is set: set both ADMIN_EMAIL and ADMIN_PASSWORD to the admin the running system was started with`)
  const started = existsSync(join(home, STARTED_FILE)) ? parseEnv(readFileSync(join(home, STARTED_FILE), 'utf8')) : {}
  if (started['ADMIN_SOURCE'] === 'environment') {
    throw new Error(`the system was started with the admin ${started['ADMIN_EMAIL']} from the environment: run ADMIN_EMAIL=${started['ADMIN_EMAIL']} ADMIN_PASSWORD=<its password> pnpm seed`)
  }
  const file = join(home, ADMIN_FILE)
  if (!existsSync(file)) {
    throw new Error(`no admin credentials: set ADMIN_EMAIL and ADMIN_PASSWORD to the admin the running system was started with (\`pnpm start\` keeps a generated one in ${ADMIN_FILE}; compose takes them from .env)`)
  }
  const saved = parseEnv(readFileSync(file, 'utf8'))
  if (!saved['ADMIN_EMAIL'] || !saved['ADMIN_PASSWORD']) throw new Error(`${ADMIN_FILE} lacks ADMIN_EMAIL or ADMIN_PASSWORD: set both in the environment instead`)
  return { ADMIN_EMAIL: saved['ADMIN_EMAIL'], ADMIN_PASSWORD: saved['ADMIN_PASSWORD'], source: ADMIN_FILE }
}

/** `--instances N` (or `--instances=N`); 1 when absent. */
export function instancesArgument(args: readonly string[]): number {
  const at = args.findIndex((arg) => arg === '--instances' || arg.startsWith('--instances='))
  if (at < 0) return 1
  const value = args[at]!.includes('=') ? args[at]!.split('=')[1] : args[at + 1]
  const instances = Number(value)
  if (!Number.isInteger(instances) || instances < 1 || instances > MAX_INSTANCES) {
    throw new Error(`--instances must be a whole number from 1 to ${MAX_INSTANCES}, got ${value ?? 'nothing'}`)
  }
  return instances
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let instances: number
  try {
    instances = instancesArgument(process.argv.slice(2))
  } catch (error) {
    console.error((error as Error).message)
    process.exit(2)
  }
  const infra = spawnSync('pnpm', ['--silent', 'infra', 'up'], { cwd: root, stdio: 'inherit' })
  if (infra.status !== 0) process.exit(infra.status ?? 1)

  const stack = readStackEnv()
  const admin = adminCredentials()
  recordAdminSource(admin)
  /** by instance label; a restarted instance replaces its entry */
  const running = new Map<string, RunningService>()
  let stopping = false
  const stopAll = async (code: number) => {
    if (stopping) return
    stopping = true
    await Promise.all([...running.values()].reverse().map((service) => service.stop()))
    process.exit(code)
  }
  process.on('SIGINT', () => void stopAll(0))
  process.on('SIGTERM', () => void stopAll(0))

  /**
   * With one instance of each, a process that exits stops the whole system, as it always did. With
   * several, an instance that dies after it was up is started again a second later (the gateway serves
   * from the others meanwhile): `kill -9` one to watch the system ride it out.
   */
  const start = (name: (typeof SERVICES)[number]['name'], index: number, instance: number): Promise<void> => {
    const id = instanceLabel(name, instance)
    const label = `\x1b[${COLORS[index]}m${id.padEnd(9)}\x1b[0m│ `
    const service = launch(name, serviceEnv(name, stack, admin, 0, { instance, instances }), (line) => process.stdout.write(`${label}${line}\n`))
    const ready = waitReady(service)
    service.child.once('exit', (code, signal) => {
      if (stopping) return
      const how = code === null ? `signal ${signal}` : `code ${code}`
      if (instances > 1 && name !== 'gateway') {
        void ready.then(() => {
          console.error(`${id} exited with ${how}; starting it again`)
          setTimeout(() => void start(name, index, instance).catch((error: Error) => {
            console.error(`${id} did not come back: ${error.message}; stopping the others`)
            void stopAll(1)
          }), 1000)
        }, () => undefined)
        return
      }
      console.error(`${id} exited with ${how}; stopping the others`)
      void stopAll(1)
    })
    running.set(id, service)
    return ready
  }
  try {
    for (const [index, { name }] of SERVICES.entries()) {
      // The first instance migrates the database; the others start once it is ready.
      await start(name, index, 0)
      if (name !== 'gateway') await Promise.all(Array.from({ length: instances - 1 }, (_, i) => start(name, index, i + 1)))
    }
  } catch (error) {
    console.error((error as Error).message)
    await stopAll(1)
  }
  console.log(`
  The system is up${instances > 1 ? `, ${instances} instances of every service (ports 3001-3005 + ${INSTANCE_PORT_STEP} × n)` : ''}.
    API (gateway):   http://127.0.0.1:3000        Swagger UI: http://127.0.0.1:3000/docs
    Kafka Connect:   http://127.0.0.1:8083/connectors?expand=status
    Admin sign-in:   ${admin.ADMIN_EMAIL} / see ADMIN_PASSWORD in .data/admin.env (or your environment)
  Load demo data with \`pnpm seed\`. Ctrl-C stops the services; \`pnpm infra down\` stops the stack.
`)
}
