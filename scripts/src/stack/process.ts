/** Detached processes tracked by pid files in .data/pids, and small port/exec helpers. */
import { spawn, execFile } from 'node:child_process'
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import { LOG_DIR, PID_DIR, ROOT, logFile, pidFile } from './paths.ts'
import { StackError } from './ui.ts'

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Starts `cmd` detached from this process (it survives `pnpm infra up`), output appended to .data/logs/<name>.log. */
export function spawnDetached(name: string, cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): number {
  mkdirSync(LOG_DIR, { recursive: true })
  mkdirSync(PID_DIR, { recursive: true })
  const fd = openSync(logFile(name), 'a')
  writeFileSync(fd, `\n----- ${new Date().toISOString()} starting ${name}: ${cmd} ${args.join(' ')}\n`)
  const child = spawn(cmd, args, {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', fd, fd],
  })
  closeSync(fd)
  if (child.pid === undefined) throw new StackError(`could not start ${name} (${cmd})`, `check that ${cmd} is installed and on PATH`)
  child.unref()
  writeFileSync(pidFile(name), `${child.pid}\n`)
  return child.pid
}

function cmdline(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
  } catch {
    return null
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
  // a zombie (exited, not yet reaped) is not running
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^\d+ \(.*\) Z/.test(stat)
  } catch {
    return true
  }
}

/**
 * The pid recorded for `name`, if that process is still alive and is ours: its command line must mention
 * `marker` (a path under this checkout), so a recycled pid never gets mistaken for (or killed as) ours.
 */
export function livePid(name: string, marker: string): number | null {
  const f = pidFile(name)
  if (!existsSync(f)) return null
  const pid = Number(readFileSync(f, 'utf8').trim())
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return null
  const cl = cmdline(pid)
  if (cl !== null && !cl.includes(marker)) return null
  return pid
}

export function recordedPid(name: string): number | null {
  const f = pidFile(name)
  if (!existsSync(f)) return null
  const pid = Number(readFileSync(f, 'utf8').trim())
  return Number.isInteger(pid) && pid > 0 ? pid : null
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL. Removes the pid file. Returns true if something was stopped. */
export async function stopProcess(name: string, marker: string, graceMs: number): Promise<boolean> {
  const pid = livePid(name, marker)
  if (pid === null) {
    rmSync(pidFile(name), { force: true })
    return false
  }
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    /* already gone */
  }
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline && isRunning(pid)) await sleep(100)
  if (isRunning(pid)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      /* gone */
    }
    while (isRunning(pid)) await sleep(50)
  }
  rmSync(pidFile(name), { force: true })
  return true
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host })
    const done = (v: boolean) => {
      s.destroy()
      resolve(v)
    }
    s.setTimeout(timeoutMs, () => done(false))
    s.once('connect', () => done(true))
    s.once('error', () => done(false))
  })
}

export function ensurePortFree(component: string, port: number): Promise<void> {
  return portOpen(port).then((open) => {
    if (open)
      throw new StackError(
        `port ${port} (needed by ${component}) is already in use by another process`,
        `find it with \`ss -ltnp 'sport = :${port}'\` and stop it, or run \`pnpm infra down\` if it is a stack from another checkout`,
      )
  })
}

export interface ExecResult {
  code: number
  stdout: string
  stderr: string
}

export function run(cmd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { env: opts.env ?? process.env, cwd: opts.cwd ?? ROOT, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0
        resolve({ code, stdout: String(stdout), stderr: String(stderr) || (err && code === 1 && !stderr ? err.message : '') })
      },
    )
    if (opts.input !== undefined) {
      child.stdin?.end(opts.input)
    }
  })
}

export async function which(cmd: string): Promise<string | null> {
  const r = await run('sh', ['-c', `command -v ${cmd}`])
  return r.code === 0 ? r.stdout.trim() : null
}

/** Last lines of a component's log, for failure messages. */
export function tail(name: string, lines = 15): string {
  const f = logFile(name)
  if (!existsSync(f)) return '(no log)'
  const size = statSync(f).size
  const buf = readFileSync(f)
  const text = buf.subarray(Math.max(0, size - 16_384)).toString('utf8')
  return text.trimEnd().split('\n').slice(-lines).map((l) => `    ${l}`).join('\n')
}
