/** Resolves Kafka, Kafka Connect, Debezium plugins and the JMX exporter from Maven Central (debezium/pom.xml). */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEBEZIUM_DIR, JMX_AGENT_JAR, KAFKA_LIB_DIR, LIB_DIR, PLUGINS_DIR } from './paths.ts'
import { run } from './process.ts'
import { StackError, info, ok, step } from './ui.ts'

const POM = join(DEBEZIUM_DIR, 'pom.xml')
const MARKER = join(LIB_DIR, '.resolved')
export const REQUIRED_PLUGINS = ['debezium-connector-mariadb', 'debezium-connector-mysql']

const pomHash = () => createHash('sha256').update(readFileSync(POM)).digest('hex')

export function jarsPresent(): boolean {
  return (
    existsSync(MARKER) &&
    readFileSync(MARKER, 'utf8').trim() === pomHash() &&
    existsSync(JMX_AGENT_JAR) &&
    existsSync(KAFKA_LIB_DIR) &&
    readdirSync(KAFKA_LIB_DIR).some((f) => f.startsWith('connect-runtime-')) &&
    REQUIRED_PLUGINS.every((p) => existsSync(join(PLUGINS_DIR, p)))
  )
}

export async function resolveJars(mvn: string): Promise<void> {
  step('jars (Kafka, Kafka Connect, Debezium plugins, JMX exporter)')
  if (jarsPresent()) {
    ok('already resolved (debezium/lib, debezium/plugins)')
    return
  }
  // the pom changed (or a partial download): start clean so old versions never share the classpath
  rmSync(LIB_DIR, { recursive: true, force: true })
  rmSync(PLUGINS_DIR, { recursive: true, force: true })
  rmSync(join(DEBEZIUM_DIR, 'target'), { recursive: true, force: true }) // unpack markers
  info('resolving from Maven Central with `mvn -q -f debezium/pom.xml package` (cached in ~/.m2)')
  const started = Date.now()
  const r = await run(mvn, ['-q', '-B', '-Dstyle.color=never', '-f', POM, 'package'], { timeoutMs: 900_000 })
  if (r.code !== 0) {
    const out = (r.stdout + r.stderr).trim().split('\n').filter((l) => /ERROR|Could not|resolve/i.test(l)).slice(0, 6).join('\n')
    const reachable = await fetch('https://repo.maven.apache.org/maven2/', { method: 'HEAD', signal: AbortSignal.timeout(10_000) })
      .then((res) => res.ok)
      .catch(() => false)
    if (!reachable)
      throw new StackError(
        'Maven Central (https://repo.maven.apache.org) is unreachable, so the Kafka/Debezium jars cannot be downloaded',
        'check the network or proxy (~/.m2/settings.xml), or copy a warm ~/.m2/repository from another machine, then run `pnpm infra up` again',
      )
    throw new StackError(`Maven could not resolve debezium/pom.xml:\n${out || r.stderr.slice(-2000)}`, 'run `mvn -f debezium/pom.xml package` to see the full output')
  }
  writeFileSync(MARKER, pomHash() + '\n')
  ok(`resolved in ${((Date.now() - started) / 1000).toFixed(1)}s`)
}
