/** `pnpm migrate`: applies every service's pending migrations against the local stack's databases. */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { SERVICES, readStackEnv, root, serviceEnv } from './services.ts'

const stack = readStackEnv()
let failed = false
for (const { name } of SERVICES) {
  if (name === 'gateway') continue
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'db/migrate.ts'], {
    cwd: join(root, 'services', name),
    env: serviceEnv(name, stack),
    stdio: 'inherit',
  })
  failed ||= result.status !== 0
}
process.exit(failed ? 1 : 0)
