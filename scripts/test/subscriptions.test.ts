// The consumer groups the platform defines (outbox/src/subscriptions.ts) are the ones the services
// really run, and `pnpm ops lag|status` list each of them, also one that never committed an offset.
import { join } from 'node:path'
import t from 'tap'
import { consumerGroups, SUBSCRIPTIONS } from '@concert/outbox/subscriptions'
import { root } from '../src/services.ts'
import { consumerLag, openKafka, withAdmin } from '../src/ops/kafka.ts'

// Dependencies the handler factories only keep for later: never called while listing the handlers.
const unused = new Proxy({}, { get: () => () => undefined }) as never
const handlersOf: Record<string, (m: Record<string, unknown>) => object> = {
  user: (m) => (m['userEventHandlers'] as (r: never) => object)(unused),
  concert: (m) => (m['concertEventHandlers'] as (c: never) => object)(unused),
  order: (m) => m['orderEventHandlers'] as object,
  payment: (m) => (m['paymentEventHandlers'] as (d: never) => object)({ gateway: unused, balances: unused } as never),
  review: (m) => m['reviewEventHandlers'] as object,
}

t.test('SUBSCRIPTIONS lists exactly the events each service handles', async (t) => {
  t.same(Object.keys(SUBSCRIPTIONS).sort(), Object.keys(handlersOf).sort())
  for (const [service, of] of Object.entries(handlersOf)) {
    // a path in a variable: scripts does not depend on the services' packages at compile time
    const file = join(root, 'services', service, 'events/consumers.ts')
    const handlers = of((await import(file)) as Record<string, unknown>)
    t.same(Object.keys(handlers).sort(), [...SUBSCRIPTIONS[service as keyof typeof SUBSCRIPTIONS]].sort(), service)
  }
  t.ok(consumerGroups().some((g) => g.groupId === 'payment.point-rollback-topic'), 'a group of a quiet topic is defined')
})

t.test('ops lag lists every defined group, committed or not', async (t) => {
  const kafka = await openKafka()
  const rows = await withAdmin(kafka, (admin) => consumerLag(admin))
  const listed = new Set(rows.map((r) => `${r.group} ${r.topic}`))
  for (const g of consumerGroups()) t.ok(listed.has(`${g.groupId} ${g.topic}`), g.groupId)
  // a group the broker has never seen (as if its consumer never started) is listed with all of the log as lag
  const one = await withAdmin(kafka, (admin) => consumerLag(admin, { group: 'payment.point-rollback-topic' }))
  t.equal(one.length, 1)
  t.ok(one[0]!.partitions.length > 0)
})
