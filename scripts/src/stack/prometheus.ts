/**
 * Prometheus on 127.0.0.1:9090 (`pnpm infra up --monitoring`), from Debian's package, scraping what
 * debezium/prometheus.local.yml lists: the Connect JMX exporter and every service's /metrics, with the
 * alert rules of debezium/alerts.yml. Compose uses debezium/prometheus.yml with the same jobs and rules
 * and Grafana on top.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { HOST } from './config.ts'
import { DATA_DIR, DEBEZIUM_DIR } from './paths.ts'
import { ensurePortFree, livePid, portOpen, run, spawnDetached, stopProcess, tail, which } from './process.ts'
import { StackError, info, ok, step, waitFor } from './ui.ts'

export const NAME = 'prometheus'
export const PORT = 9090
const DATA = join(DATA_DIR, 'prometheus')

export const alive = () => livePid(NAME, 'prometheus')
export const stop = () => stopProcess(NAME, 'prometheus', 10_000)

/** Debian's prometheus package (prometheus and promtool), installed with apt-get when missing and root. */
export async function binary(name: 'prometheus' | 'promtool' = 'prometheus'): Promise<string> {
  const found = await which(name)
  if (found) return found
  if (process.getuid?.() === 0 && (await which('apt-get'))) {
    info('installing prometheus with apt-get (running as root)')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    const update = await run('apt-get', ['update', '-qq'], { env, timeoutMs: 600_000 })
    const install = update.code === 0 ? await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'prometheus'], { env, timeoutMs: 900_000 }) : update
    const installed = install.code === 0 ? await which(name) : null
    if (installed) return installed
  }
  throw new StackError(`${name} is not installed`, 'apt-get install -y prometheus (or run without --monitoring)')
}

export async function start(): Promise<void> {
  step(`Prometheus on ${HOST}:${PORT} (debezium/prometheus.local.yml)`)
  if (alive() === null) {
    const bin = await binary()
    await ensurePortFree('Prometheus', PORT)
    mkdirSync(DATA, { recursive: true })
    spawnDetached(NAME, bin, [
      `--config.file=${join(DEBEZIUM_DIR, 'prometheus.local.yml')}`,
      `--storage.tsdb.path=${DATA}`,
      `--web.listen-address=${HOST}:${PORT}`,
      '--storage.tsdb.retention.time=7d',
    ])
  }
  await waitFor('Prometheus', async () => (await fetch(`http://${HOST}:${PORT}/-/ready`)).ok && (await portOpen(PORT)), {
    timeoutMs: 60_000,
    onTimeout: () => new StackError(`Prometheus did not become ready:\n${tail(NAME)}`, 'see .data/logs/prometheus.log'),
    alive: () => (alive() === null ? new StackError(`Prometheus exited:\n${tail(NAME)}`, 'see .data/logs/prometheus.log') : null),
  })
  ok(`Prometheus ready: http://${HOST}:${PORT}/targets`)
}
