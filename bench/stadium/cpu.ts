/**
 * CPU time of the processes that make up the system, from /proc/<pid>/stat (utime + stime of the
 * process and of every descendant still alive), plus the machine's total from /proc/stat, so a report
 * can say what share of the busy cores the system itself used and what was someone else's.
 *
 * Processes are found the way an operator would: stack parts by the pid files `pnpm infra up` writes
 * (.data/pids), services and the gateway by the pid listening on their port (/proc/net/tcp → socket
 * inode → /proc/<pid>/fd), so a system this bench did not start is measured too.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { SERVICES, portOf, type ServiceName } from '../../scripts/src/services.ts'
import { recordedPid } from '../../scripts/src/stack/process.ts'

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

export interface Proc {
  label: string
  pid: number
}

/** ppid and cpu ticks of every process now, by pid */
function processTable(): Map<number, { ppid: number; ticks: number }> {
  const table = new Map<number, { ppid: number; ticks: number }>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // The command name may contain spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      table.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) })
    } catch {
      /* exited meanwhile */
    }
  }
  return table
}

/** CPU seconds used so far by each process and its live descendants not listed; absent when the process is gone. */
export function cpuSeconds(procs: readonly Proc[]): Map<string, number> {
  const table = processTable()
  const children = new Map<number, number[]>()
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid])
  const out = new Map<string, number>()
  // A listed process's descendants count for it, unless they are listed themselves (the bench's children).
  const listed = new Set(procs.map((p) => p.pid))
  for (const { label, pid } of procs) {
    if (!table.has(pid)) continue
    let ticks = 0
    const stack = [pid]
    while (stack.length) {
      const p = stack.pop()!
      ticks += table.get(p)?.ticks ?? 0
      for (const child of children.get(p) ?? []) if (!listed.has(child)) stack.push(child)
    }
    out.set(label, (out.get(label) ?? 0) + ticks / TICKS_PER_SECOND)
  }
  return out
}

/** Busy CPU seconds of the whole machine (all cores) so far, from /proc/stat. */
export function machineBusySeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  // user nice system idle iowait irq softirq steal guest guest_nice: guests are already in user/nice.
  const [user, nice, system, , , irq, softirq, steal] = cpu as [number, number, number, number, number, number, number, number]
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND
}

/** The stack's parts by their pid files (whatever is running now). */
export function stackProcs(): Proc[] {
  const out: Proc[] = []
  for (const [part, label] of [['mariadb', 'MariaDB'], ['kafka', 'Kafka'], ['connect', 'Connect'], ['redis', 'Redis']] as const) {
    const pid = recordedPid(part)
    if (pid !== null) out.push({ label, pid })
  }
  return out
}

/** The socket inodes listening on a TCP port (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>()
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/)
      if (f.length < 10 || f[3] !== '0A') continue // 0A = LISTEN
      if (parseInt(f[1]!.split(':')[1]!, 16) === port) inodes.add(f[9]!)
    }
  }
  return inodes
}

/** Pids listening on each port (one /proc scan for all), where one can be found. */
export function pidsListening(ports: readonly number[]): Map<number, number> {
  const wanted = new Map<string, number>()
  for (const port of ports) for (const inode of listeningInodes(port)) wanted.set(`socket:[${inode}]`, port)
  const out = new Map<number, number>()
  if (wanted.size === 0) return out
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${entry}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      let link: string
      try {
        link = readlinkSync(`/proc/${entry}/fd/${fd}`)
      } catch {
        continue
      }
      const port = wanted.get(link)
      if (port !== undefined && !out.has(port)) out.set(port, Number(entry))
    }
  }
  return out
}

/**
 * The gateway and every service instance of a system whose ports are shifted by `offset`, found by
 * the pid listening on each port (instances at port + 10 × i). Labels: `gateway`, `order`, `order#2`.
 */
export function systemProcs(offset: number): Proc[] {
  const candidates: Array<{ label: string; port: number }> = []
  for (const { name } of SERVICES) {
    const count = name === 'gateway' ? 1 : 5
    for (let i = 0; i < count; i++) candidates.push({ label: i === 0 ? name : `${name}#${i + 1}`, port: portOf(name as ServiceName, offset, i) })
  }
  const pids = pidsListening(candidates.map((c) => c.port))
  return candidates.filter((c) => pids.has(c.port)).map((c) => ({ label: c.label, pid: pids.get(c.port)! }))
}

/** CPU seconds each process used between two readings (a process gone by the second counts 0). */
export function cpuBetween(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>()
  for (const [label, start] of before) out.set(label, Math.max(0, (after.get(label) ?? start) - start))
  return out
}
