/**
 * `pnpm test`: brings the local stack up, runs every workspace package's tap suite one package at a
 * time (they share one MariaDB, Redis, Kafka and Connect), tears down a stack it started itself,
 * and ends with one line `N passed, N failed` summing tap's assertion counts.
 */
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONNECT_PORT, HOST } from './stack/config.ts'

const root = resolve(fileURLToPath(import.meta.url), '../../..')

interface Outcome { name: string; pass: number; fail: number; skip: number; todo: number; exitCode: number }

function run(command: string, args: string[], cwd: string, onLine?: (line: string) => void): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], env: process.env })
    let buffer = ''
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk)
      buffer += chunk.toString()
      let newline: number
      while ((newline = buffer.indexOf('\n')) >= 0) {
        onLine?.(buffer.slice(0, newline))
        buffer = buffer.slice(newline + 1)
      }
    })
    child.on('close', (code) => {
      if (buffer) onLine?.(buffer)
      done(code ?? 1)
    })
  })
}

/** Workspace packages with a `test` script, in the order pnpm-workspace.yaml lists their folders. */
function testablePackages(): { name: string; dir: string }[] {
  const patterns = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
    .split('\n').map((line) => line.match(/^\s*-\s*(\S+)/)?.[1]).filter((p): p is string => Boolean(p))
  const dirs = patterns.flatMap((pattern) => pattern.endsWith('/*')
    ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(root, pattern.slice(0, -2), d.name))
    : [join(root, pattern)])
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; scripts?: Record<string, string> } }))
    .filter(({ manifest, dir }) => manifest.scripts?.['test'] && existsSync(join(dir, 'test')))
    .map(({ manifest, dir }) => ({ name: manifest.name, dir }))
}

async function stackWasUp(): Promise<boolean> {
  try {
    return (await fetch(`http://${HOST}:${CONNECT_PORT}/connectors`, { signal: AbortSignal.timeout(1000) })).ok
  } catch {
    return false
  }
}

const alreadyUp = await stackWasUp()
const infra = (action: string) => run('pnpm', ['--silent', 'infra', action], root)
if ((await infra('up')) !== 0) {
  console.error('The local stack did not come up; see the messages above and .data/logs/.')
  console.log('0 passed, 1 failed')
  process.exit(1)
}

// Packages run one at a time, so the outbox suite may stop and restart the shared Connect worker.
process.env['OUTBOX_TEST_STOP_CONNECT'] ??= '1'

const outcomes: Outcome[] = []
const only = process.argv.slice(2)
for (const pkg of testablePackages().filter((p) => only.length === 0 || only.some((o) => p.name.includes(o)))) {
  console.log(`\n▶ ${pkg.name} (${relative(root, pkg.dir)})`)
  const outcome: Outcome = { name: pkg.name, pass: 0, fail: 0, skip: 0, todo: 0, exitCode: 0 }
  outcome.exitCode = await run('pnpm', ['--silent', 'test', '--reporter=tap'], pkg.dir, (line) => {
    // tap closes with `# { total: 12, pass: 11, fail: 1, skip: 0 }`
    const summary = line.match(/^# \{ total: \d+(.*)\}$/)
    if (!summary) return
    for (const [, key, value] of summary[1]!.matchAll(/(pass|fail|skip|todo): (\d+)/g)) {
      outcome[key as 'pass' | 'fail' | 'skip' | 'todo'] = Number(value)
    }
  })
  if (outcome.exitCode !== 0 && outcome.fail === 0) outcome.fail = 1 // crashed before tap could count
  outcomes.push(outcome)
}

if (!alreadyUp || process.env['CI']) await infra('down')

const pad = Math.max(...outcomes.map((o) => o.name.length), 7)
console.log(`\n${'package'.padEnd(pad)}  pass  fail  skip`)
for (const o of outcomes) console.log(`${o.name.padEnd(pad)}  ${String(o.pass).padStart(4)}  ${String(o.fail).padStart(4)}  ${String(o.skip).padStart(4)}`)
const passed = outcomes.reduce((sum, o) => sum + o.pass, 0)
const failed = outcomes.reduce((sum, o) => sum + o.fail, 0)
const skipped = outcomes.reduce((sum, o) => sum + o.skip, 0)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || outcomes.length === 0 ? 1 : 0)
