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
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    '-Dfile.encoding=UTF-8',
    `-Dlog4j2.configurationFile=${log4jConfig}`,
    ...extra,
    '-cp',
    classpath,
  ]
}
