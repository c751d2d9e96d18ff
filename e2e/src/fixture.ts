/**
 * One running system per test file: `const sys = await startSystem(t, {...})` starts every service
 * and the gateway, signs the admin in, and tears everything down when the file ends. `sys.settle(t)`
 * drains the choreography and asserts every SPEC §7 invariant; call it at the end of each test.
 */
import type { Test } from 'tap'
import { Api, type Admin } from './api.ts'
import { checkInvariants, drain } from './invariants.ts'
import { waitScheduleKnown } from './read-models.ts'
import { Stack } from './stack.ts'
import { System, type SystemOptions } from './system.ts'

export interface E2E {
  system: System
  stack: Stack
  api: Api
  admin: Admin
  since: Date
  dlqBefore: Record<string, number>
  /** waits for lag 0 and every outbox row consumed, then asserts the invariants */
  settle(t: Test, what?: string): Promise<void>
}

export async function startSystem(t: Test, options: SystemOptions): Promise<E2E> {
  const stack = new Stack()
  const since = new Date(Date.now() - 1000)
  const dlqBefore = await stack.dlqOffsets()
  const system = new System(options)
  t.teardown(async () => {
    await system.stop()
    await stack.close()
  })
  await system.start()
  const api = new Api(system.gatewayUrl)
  const admin = await api.signInAdmin(system.admin.email, system.admin.password, (scheduleId) => waitScheduleKnown(stack, scheduleId))
  return {
    system, stack, api, admin, since, dlqBefore,
    async settle(tt: Test, what = 'invariants hold') {
      await drain(stack, since)
      const violations = await checkInvariants(stack, api.scope, since, dlqBefore)
      tt.same(violations, [], what)
    },
  }
}
