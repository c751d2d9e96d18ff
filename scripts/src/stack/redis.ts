/**
 * Redis 7 on 127.0.0.1:6380, data in .data/redis. ACL users per service restricted to their own key and
 * channel prefix `<service>:*`; an `admin` user for tests/ops; the default user is disabled.
 * Persistence: AOF (everysec), no RDB snapshots, so `down`/`up` and a crash keep holds, tokens, the
 * waiting room and caches (at most the last second of writes is lost on a crash of the machine, and
 * repaired from MySQL, the source of truth).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { HOST, REDIS_PORT } from './config.ts'
import { REDIS_ADMIN_USER, type Secrets } from './env.ts'
import { REDIS_DIR } from './paths.ts'
import { ensurePortFree, livePid, portOpen, spawnDetached, stopProcess, tail } from './process.ts'
import type { Tools } from './prereq.ts'
import { SERVICES, redisUserOf } from './services.ts'
import { StackError, info, ok, step, waitFor } from './ui.ts'

export const NAME = 'redis'
const ACL_FILE = join(REDIS_DIR, 'users.acl')

/**
 * The ACL file, loaded by redis-server before it replays the AOF.
 *
 * The default user is `off` (no connection can use it: unauthenticated clients get NOAUTH and
 * `AUTH default …` fails) yet may run everything, because Redis 7 replays the AOF as a fake client of the
 * default user and re-checks that user's ACL for every command queued in a MULTI/EXEC block. Every Lua
 * script's effects and every MULTI are written to the AOF as MULTI/EXEC, so with `-@all` on the default
 * user each of them was rejected at load ("NOPERM ACLs rules changed between the moment the transaction
 * was accumulated and the EXEC call", one log line per block) and a restart lost the waiting room.
 */
/** Keys a service may also read (never write) of another's: concert overlays order-service's hold board. */
const READS: Partial<Record<string, string>> = { concert: 'order:board:*' }

export function aclFileText(s: Pick<Secrets, 'redisAdminPassword' | 'redis'>): string {
  const lines = ['user default off resetpass ~* &* +@all', `user ${REDIS_ADMIN_USER} on >${s.redisAdminPassword} ~* &* +@all`]
  for (const svc of SERVICES) {
    const u = redisUserOf(svc)
    // everything on its own keys and channels, nothing that spans the keyspace or administers the server
    lines.push(`user ${u} on >${s.redis[svc]} resetkeys ~${svc}:*${READS[svc] ? ` %R~${READS[svc]}` : ''} resetchannels &${svc}:* +@all -@admin -@dangerous +info +ping +client|setname +client|getname +client|id +client|info`)
  }
  return lines.join('\n') + '\n'
}

/** redis-server's command line; the test of AOF replay (scripts/test/redis-restart.test.ts) starts its own with it. */
export function serverArgs(o: { dir: string; port: number; aclFile: string }): string[] {
  return [
    '--bind', HOST,
    '--port', String(o.port),
    '--dir', o.dir,
    '--aclfile', o.aclFile,
    // every write is in the AOF, fsynced once a second: a killed redis-server loses nothing that reached
    // the OS, a crashed machine at most the last second. Unlike MariaDB (durable at every commit) that is
    // acceptable here: Redis holds caches and the waiting room's live order, which are rebuilt from MySQL
    // (CacheRepair, the waiting-room poll), while `always` would fsync every write on the sale's hot path.
    '--appendonly', 'yes',
    '--appendfsync', 'everysec',
    '--save', '',
    '--daemonize', 'no',
    '--protected-mode', 'yes',
    '--logfile', '',
  ]
}

/** `user <name> <rules>` lines of an ACL file by user name. */
const aclUsers = (text: string) => new Map(text.split('\n').filter((l) => l.startsWith('user ')).map((l) => [l.split(' ')[1]!, l.split(' ').slice(2)]))

/** Minimal RESP client: sends commands (AUTH first) and returns the simple/error replies in order. */
export function redisCommands(user: string, password: string, commands: string[][], timeoutMs = 2000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: HOST, port: REDIS_PORT })
    const all = [['AUTH', user, password], ...commands]
    let buf = ''
    const timer = setTimeout(() => {
      sock.destroy()
      reject(new Error('redis timeout'))
    }, timeoutMs)
    sock.on('connect', () => {
      sock.write(all.map((c) => `*${c.length}\r\n` + c.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')).join(''))
    })
    sock.on('data', (d) => {
      buf += d.toString('utf8')
      const replies = buf.split('\r\n').filter((l) => /^[+\-:]/.test(l))
      if (replies.length >= all.length) {
        clearTimeout(timer)
        sock.end()
        resolve(replies.slice(1).map((r) => (replies[0]!.startsWith('-') ? replies[0]! : r)))
      }
    })
    sock.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
  })
}

export const alive = () => livePid(NAME, 'redis-server')

export async function healthy(s: Secrets): Promise<boolean> {
  const [pong] = await redisCommands(REDIS_ADMIN_USER, s.redisAdminPassword, [['PING']]).catch(() => ['-ERR'])
  return pong === '+PONG'
}

export async function start(tools: Tools, s: Secrets): Promise<void> {
  step(`Redis on ${HOST}:${REDIS_PORT}`)
  mkdirSync(REDIS_DIR, { recursive: true })
  const acl = aclFileText(s)
  const before = existsSync(ACL_FILE) ? readFileSync(ACL_FILE, 'utf8') : ''
  if (before !== acl) writeFileSync(ACL_FILE, acl, { mode: 0o600 })
  let pid = alive()
  if (pid === null) {
    await ensurePortFree('Redis', REDIS_PORT)
    pid = spawnDetached(NAME, tools.redisServer, serverArgs({ dir: REDIS_DIR, port: REDIS_PORT, aclFile: ACL_FILE }))
  } else if (before !== acl) {
    // Only the users whose line changed, with ACL SETUSER: Redis 7.0's ACL LOAD disconnects every
    // client of every user, i.e. all services at once.
    const old = aclUsers(before)
    const changed = [...aclUsers(acl)].filter(([user, rules]) => old.get(user)?.join(' ') !== rules.join(' '))
    await redisCommands(REDIS_ADMIN_USER, s.redisAdminPassword, changed.map(([user, rules]) => ['ACL', 'SETUSER', user, 'reset', ...rules])).then(
      (replies) => info(`updated Redis ACL users ${changed.map(([u]) => u).join(', ')} (${replies.every((r) => r === '+OK') ? 'ok' : replies.join(' ')})`),
      () => undefined,
    )
  }
  await waitFor('Redis PING', () => healthy(s), {
    timeoutMs: 30_000,
    alive: () => (alive() === null ? new StackError(`Redis exited during start:\n${tail(NAME)}`, 'see .data/logs/redis.log') : null),
    onTimeout: () => new StackError(`Redis did not answer PING within 30s:\n${tail(NAME)}`, 'if the ACL passwords changed, run `pnpm infra reset`'),
  })
  ok(`Redis ready (pid ${pid})`)
}

export const stop = () => stopProcess(NAME, 'redis-server', 15_000)
export const portUp = () => portOpen(REDIS_PORT)
