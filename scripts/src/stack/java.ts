/** Common JVM flags for the broker and the Connect worker (small heaps for a 2-core dev box). */
import { join } from 'node:path'
import { DEBEZIUM_DIR, KAFKA_LIB_DIR } from './paths.ts'

export const classpath = `${KAFKA_LIB_DIR}/*`
export const log4jConfig = join(DEBEZIUM_DIR, 'log4j2.properties')

export function jvmArgs(heap: string, extra: string[] = []): string[] {
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    // C1 only: without the C2 compiler threads competing for 2 busy cores, a restarted worker answers in
    // 2–4 s instead of 10–25 s and streams again 6–8 s later instead of 10–11 s; the broker is back in
    // 13–17 s instead of 18–24 s. Steady-state commit → consumer latency unchanged (bench/hop p50 9–22 ms
    // either way). Measured with bench/recovery.ts, see debezium/README.md "Recovery".
    '-XX:TieredStopAtLevel=1',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    '-Dfile.encoding=UTF-8',
    `-Dlog4j2.configurationFile=${log4jConfig}`,
    ...extra,
    // extra JVM flags for experiments on a second stack, e.g. STACK_JVM_OPTS='-XX:+UseSerialGC'
    ...(process.env.STACK_JVM_OPTS ?? '').split(' ').filter(Boolean),
    '-cp',
    classpath,
  ]
}
