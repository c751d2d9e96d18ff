/** The service databases and Redis for `pnpm ops check|trace`: stack.env, overridden by the environment. */
import { parseEnvFile } from '../stack.ts'
import { OpsError, STACK_FIX } from './cli.ts'
import type { Source } from './invariants/model.ts'

export async function openStackSource(): Promise<Source & { close(): Promise<void> }> {
  const env = { ...parseEnvFile(), ...(process.env as Record<string, string>) }
  const { openSource } = await import('./invariants/model.ts')
  let src: Source & { close(): Promise<void> }
  try {
    src = openSource(env, 2)
    await src.db.order.selectFrom('reservation').select('id').limit(1).execute()
  } catch (err) {
    throw new OpsError(`cannot read the service databases: ${(err as Error).message}`, STACK_FIX)
  }
  return src
}
