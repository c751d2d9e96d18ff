// Redis keeps what the services wrote across its own restart: the AOF replays Lua scripts' effects and
// MULTI blocks written by a service's ACL user. Runs its own redis-server (the stack's ACL file and
// command line, scratch directory and port), so the shared stack's Redis is never restarted.
import t from 'tap'
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { aclFileText, serverArgs } from '../src/stack/redis.ts'
import { SERVICES, type Service } from '../src/stack/services.ts'

const pw = () => randomBytes(12).toString('base64url')
const secrets = { redisAdminPassword: pw(), redis: Object.fromEntries(SERVICES.map((s) => [s, pw()])) as Record<Service, string> }
const dir = mkdtempSync(join(tmpdir(), 'redis-restart-'))
const aclFile = join(dir, 'users.acl')
writeFileSync(aclFile, aclFileText(secrets), { mode: 0o600 })

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
const port = await freePort()

let server: ChildProcess | null = null
let log = ''
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** redis-cli on one connection; commands on stdin (one per line) so MULTI/EXEC blocks work. */
function cli(user: string | null, password: string, args: string[], stdin?: string): Promise<{ code: number; out: string }> {
  const auth = user === null ? [] : ['--user', user, '--pass', password, '--no-auth-warning']
  return new Promise((resolve) => {
    const child = execFile('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...auth, ...args], (err, stdout, stderr) =>
      resolve({ code: err ? 1 : 0, out: (stdout + stderr).trim() }),
    )
    if (stdin !== undefined) child.stdin!.end(stdin)
  })
}
const asUser = (args: string[], stdin?: string) => cli('user', secrets.redis.user, args, stdin)
const asAdmin = (args: string[]) => cli('admin', secrets.redisAdminPassword, args)

async function start(): Promise<void> {
  log += `--- start\n`
  server = spawn('redis-server', serverArgs({ dir, port, aclFile }), { stdio: ['ignore', 'pipe', 'pipe'] })
  server.stdout!.on('data', (d: Buffer) => (log += d.toString()))
  server.stderr!.on('data', (d: Buffer) => (log += d.toString()))
  for (let i = 0; i < 100; i++) {
    if ((await asAdmin(['PING'])).out === 'PONG') return
    await sleep(100)
  }
  throw new Error(`redis-server did not start:\n${log}`)
}

async function stop(signal: NodeJS.Signals): Promise<void> {
  const s = server!
  const exited = new Promise((r) => s.once('exit', r))
  s.kill(signal)
  await exited
  server = null
}

t.teardown(async () => {
  if (server) await stop('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

// What user-service's waiting room (services/user/db/waiting-room.ts) does: one Lua script per join
// touching several keys, an admission that moves a token to the active set with an expiry, and a
// MULTI block when a token leaves. Keys carry the `user:` prefix of the service's ACL user.
const keys = (perf: string) => [`user:wr:{${perf}}:queue`, `user:wr:{${perf}}:seen`, `user:wr:{${perf}}:active`, `user:wr:{${perf}}:users`, `user:wr:{${perf}}:seq`, 'user:wr:perfs']
const JOIN = `
local seq = redis.call('INCR', KEYS[5])
redis.call('ZADD', KEYS[1], seq, ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[6], ARGV[4])
return seq`
const ADMIT = `
local popped = redis.call('ZPOPMIN', KEYS[1], 1)
redis.call('ZREM', KEYS[2], popped[1])
redis.call('ZADD', KEYS[3], ARGV[1], popped[1])
return popped[1]`

async function writeWaitingRoom(round: string): Promise<void> {
  const K = keys(round)
  for (let i = 1; i <= 5; i++) {
    const r = await asUser(['EVAL', JOIN, '6', ...K, `u${round}${i}`, `t${round}${i}`, String(1000 + i), round])
    t.equal(r.code, 0, `join t${round}${i}: ${r.out}`)
  }
  t.equal((await asUser(['EVAL', ADMIT, '6', ...K, '4102444800000'])).out, `t${round}1`, 'first in line admitted')
  const leave = await asUser([], `MULTI\nZREM ${K[0]} t${round}5\nZREM ${K[1]} t${round}5\nEXEC\n`)
  t.match(leave.out, /QUEUED[\s\S]*1\n1$/, 'MULTI block ran')
  t.equal((await asUser(['SET', `user:admission:t${round}1`, 'ACTIVE', 'PX', '3600000'])).out, 'OK')
}

async function snapshot(): Promise<string> {
  const parts = await Promise.all(['a', 'b'].map(keys).flatMap((K) => [
    asAdmin(['ZRANGE', K[0]!, '0', '-1', 'WITHSCORES']),
    asAdmin(['ZRANGE', K[2]!, '0', '-1', 'WITHSCORES']),
    asAdmin(['HGETALL', K[3]!]),
    asAdmin(['GET', K[4]!]),
  ]).concat([asAdmin(['SMEMBERS', 'user:wr:perfs']), asAdmin(['KEYS', 'user:admission:*'])]))
  // sets and KEYS come back in any order
  return parts.map((p, i) => (i >= parts.length - 2 ? p.out.split('\n').sort().join('\n') : p.out)).join('\n--\n')
}

t.test('the default user cannot be used by any connection', async (t) => {
  await start()
  t.match((await cli(null, '', ['GET', 'user:x'])).out, /NOAUTH/, 'unauthenticated: NOAUTH')
  t.match((await cli('default', 'x', ['PING'])).out, /WRONGPASS|disabled/, 'AUTH default fails')
  t.match((await asUser(['GET', 'order:x'])).out, /NOPERM/, "a service cannot read another service's keys")
})

t.test('graceful restart: the waiting room written by Lua scripts and MULTI is still there', async (t) => {
  await writeWaitingRoom('a')
  const before = await snapshot()
  t.match(before, /^ta2\n2\nta3\n3\nta4\n4\n/, 'queue holds ta2..ta4 in order')
  const aof = readdirSync(join(dir, 'appendonlydir')).filter((f) => f.endsWith('.incr.aof'))
  t.match(aof.map((f) => readFileSync(join(dir, 'appendonlydir', f), 'utf8')).join(''), /MULTI/, 'the AOF holds MULTI/EXEC blocks to replay')
  await stop('SIGTERM')
  await start()
  t.equal(await snapshot(), before, 'queue, active set, users, sequence, performances and admissions survive')
  const ttl = Number((await asAdmin(['PTTL', 'user:admission:ta1'])).out)
  t.ok(ttl > 3_500_000 && ttl <= 3_600_000, `TTL kept (${ttl} ms)`)
})

t.test('kill -9 a second after the writes (appendfsync everysec): still there', async (t) => {
  await writeWaitingRoom('b')
  const before = await snapshot()
  await sleep(1500)
  await stop('SIGKILL')
  await start()
  t.equal(await snapshot(), before, 'state written more than a second before the kill survives')
  t.equal((await asUser(['EVAL', JOIN, '6', ...keys('b'), 'ub6', 'tb6', '1', 'b'])).out, '6', 'the join sequence continues where it was')
})

t.test('loading the AOF logged no rejected command', async (t) => {
  t.equal(log.match(/--- start/g)?.length, 3, 'three starts')
  t.notMatch(log, /NOPERM/, 'no NOPERM')
  t.notMatch(log, /CRITICAL|AOF-loading-client/, 'no error sent to the AOF loading client')
  t.match(log, /DB loaded from (append only file|incr file)/, 'the AOF was loaded')
  t.ok(log.split('\n').length < 200, `log stays short (${log.split('\n').length} lines for three starts)`)
})
