// The alert rules in debezium/alerts.yml, unit-tested with `promtool test rules` against the input series
// of debezium/alerts.test.yml (promtool comes with Debian's prometheus package, installed with apt-get when
// missing and running as root, as `pnpm infra up --monitoring` does), and provisioned in both Prometheus configs.
import { execFile } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { parse } from 'yaml'
import { root } from '../src/services.ts'
import { binary } from '../src/stack/prometheus.ts'

const run = promisify(execFile)
const debezium = join(root, 'debezium')
const promtool = await binary('promtool')

async function promtoolTest(dir: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(promtool, ['test', 'rules', 'alerts.test.yml'], { cwd: dir })
    return { ok: true, output: stdout + stderr }
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string }
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
}

t.test('promtool check rules and test rules pass', async (t) => {
  await run(promtool, ['check', 'rules', join(debezium, 'alerts.yml')])
  const result = await promtoolTest(debezium)
  t.ok(result.ok, result.output)
  t.match(result.output, /SUCCESS/)
})

t.test('a wrong rule fails the unit tests', async (t) => {
  // SagaStuck after 20 minutes instead of 2, and a stalled group judged by the consumer's own lag
  // (which freezes with the consumer): the tests expecting those alerts must fail
  for (const [from, to] of [['(saga_oldest_seconds) > 120', '(saga_oldest_seconds) > 1200'], ['max by (group, topic) (kafka_consumergroup_lag) > 0 and', 'max by (group, topic) (kafka_consumer_lag) > 0 and']] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'alerts-'))
    const rules = readFileSync(join(debezium, 'alerts.yml'), 'utf8')
    t.ok(rules.includes(from), `alerts.yml has ${from}`)
    writeFileSync(join(dir, 'alerts.yml'), rules.replace(from, to))
    copyFileSync(join(debezium, 'alerts.test.yml'), join(dir, 'alerts.test.yml'))
    const result = await promtoolTest(dir)
    t.notOk(result.ok, `fails with ${to}`)
    t.match(result.output, /FAILED/)
  }
})

t.test('every alert has a test where it fires, and both Prometheus configs load the rules', async (t) => {
  const rules = parse(readFileSync(join(debezium, 'alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert?: string }> }> }
  const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert).filter((a): a is string => a !== undefined))
  const tests = parse(readFileSync(join(debezium, 'alerts.test.yml'), 'utf8')) as { tests: Array<{ alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }> }> }
  const fired = new Set(tests.tests.flatMap((c) => c.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)))
  for (const alert of alerts.filter((a) => a !== 'ConsumerLagUnknown')) t.ok(fired.has(alert), `${alert} fires in a test`)
  for (const config of ['prometheus.yml', 'prometheus.local.yml']) {
    t.same((parse(readFileSync(join(debezium, config), 'utf8')) as { rule_files?: string[] }).rule_files, ['alerts.yml'], config)
    await run(promtool, ['check', 'config', join(debezium, config)]).catch((error: Error) => t.fail(`${config}: ${error.message}`))
  }
  const compose = readFileSync(join(root, 'compose.yaml'), 'utf8')
  t.ok(compose.includes('./debezium/alerts.yml:/etc/prometheus/alerts.yml:ro'), "compose mounts the rules beside Prometheus's config")
})
