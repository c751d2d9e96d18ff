// How `pnpm ops status` judges consumer groups against the services' own readiness (a pure function).
import t from 'tap'
import { consumerVerdicts } from '../src/ops/commands/status.ts'
import type { ServiceHealth } from '../src/ops/health.ts'

const svc = (name: string, port: number, state: string, checks?: ServiceHealth['checks']): ServiceHealth =>
  ({ name, port, state, unhealthy: state === 'unavailable', ...(checks ? { checks } : {}) })

t.test('a running service whose group has no member is a problem naming the group', async (t) => {
  const v = consumerVerdicts(
    [{ group: 'order.payment-topic', members: 0 }, { group: 'order.reservation-topic', members: 1 }],
    [svc('order', 3003, 'ready', { mysql: { status: 'up' }, kafka: { status: 'up' }, consumers: { status: 'up' } })],
  )
  t.equal(v.problems.length, 1)
  t.match(v.problems[0], /consumer group order\.payment-topic is not consuming: no active member while order \(:3003\) is running/)
  t.same([...v.notConsuming], ['order.payment-topic'])
  t.same(v.warnings, [])
})

t.test('a service still joining within its grace period is a warning, not a problem', async (t) => {
  const v = consumerVerdicts(
    [{ group: 'payment.order-topic', members: 0 }],
    [svc('payment', 3004, 'degraded', { kafka: { status: 'degraded', detail: 'payment.order-topic starting 2 s' }, consumers: { status: 'up' } })],
  )
  t.same(v.problems, [])
  t.match(v.warnings, [/payment\.order-topic has no active member yet: payment is joining/])
})

t.test('a service that says a group is down: the group is marked, whether or not it still has a member', async (t) => {
  const down = { status: 'down', detail: 'order.payment-topic not consuming for 31 s (stalled)' }
  const v = consumerVerdicts(
    [{ group: 'order.payment-topic', members: 1 }, { group: 'order.order-topic', members: 1 }],
    [svc('order', 3003, 'unavailable', { kafka: { status: 'degraded' }, consumers: down })],
  )
  t.same([...v.notConsuming], ['order.payment-topic'])
  t.same(v.problems, [], 'the service\'s own 503 line already names it')
})

t.test('services not running: groups without members stay the usual warning', async (t) => {
  const v = consumerVerdicts([{ group: 'review.payment-topic', members: 0 }], [svc('review', 3005, 'not running')])
  t.same(v.problems, [])
  t.same(v.warnings, [])
  t.same([...v.explained], [])
})
