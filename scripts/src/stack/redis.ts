/**
 * Redis 7 on 127.0.0.1:6380, data in .data/redis. ACL users per service restricted to their own key and
 * channel prefix `<service>:*`; an `admin` user for tests/ops; the default user is disabled.
 * Persistence: AOF (everysec), no RDB snapshots, so `down`/`up` keeps holds, tokens and caches.
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
import { StackError, ok, step, waitFor } from './ui.ts'

export const NAME = 'redis'
const ACL_FILE = join(REDIS_DIR, 'users.acl')

function aclFile(s: Secrets): string {
  const lines = ['user default off nopass -@all', `user ${REDIS_ADMIN_USER} on >${s.redisAdminPassword} ~* &* +@all`]
  for (const svc of SERVICES) {
    const u = redisUserOf(svc)
    // everything on its own keys and channels, nothing that spans the keyspace or administers the server
    lines.push(`user ${u} on >${s.redis[svc]} resetkeys ~${svc}:* resetchannels &${svc}:* +@all -@admin -@dangerous +info +ping +client|setname +client|getname +client|id +client|info`)
  }
  return lines.join('\n') + '\n'
}

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
  const acl = aclFile(s)
  const aclChanged = !existsSync(ACL_FILE) || readFileSync(ACL_FILE, 'utf8') !== acl
  if (aclChanged) writeFileSync(ACL_FILE, acl, { mode: 0o600 })
  let pid = alive()
  if (pid === null) {
    await ensurePortFree('Redis', REDIS_PORT)
    pid = spawnDetached(NAME, tools.redisServer, [
      '--bind', HOST,
      '--port', String(REDIS_PORT),
      '--dir', REDIS_DIR,
      '--aclfile', ACL_FILE,
      '--appendonly', 'yes',
      '--appendfsync', 'everysec',
      '--save', '',
      '--daemonize', 'no',
      '--protected-mode', 'yes',
      '--logfile', '',
    ])
  } else if (aclChanged) {
    await redisCommands(REDIS_ADMIN_USER, s.redisAdminPassword, [['ACL', 'LOAD']]).catch(() => undefined)
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
