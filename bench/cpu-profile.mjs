/**
 * Preload (`NODE_OPTIONS=--import=<this file>`) that records a V8 CPU profile of the whole process
 * and writes it to $CPU_PROFILE_DIR/<CPU_PROFILE_NAME>.cpuprofile on exit, for the services the bench
 * launches: Node 20 refuses --cpu-prof in NODE_OPTIONS. The inspector session is in-process, so its
 * calls answer synchronously and the profile can be taken in the 'exit' handler.
 */
import { Session } from 'node:inspector'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.env['CPU_PROFILE_DIR'] ?? '.'
const name = process.env['CPU_PROFILE_NAME'] ?? `node-${process.pid}`
const session = new Session()
session.connect()
session.post('Profiler.enable')
session.post('Profiler.setSamplingInterval', { interval: 1000 })
session.post('Profiler.start')
process.once('exit', () => {
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(result.profile))
  })
})
