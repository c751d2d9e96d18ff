// The process layout of `pnpm start` and e2e: ports and URLs of every service instance.
import t from 'tap'
import { MAX_INSTANCES, instanceLabel, portOf, serviceEnv } from '../src/services.ts'
import { instancesArgument } from '../src/start.ts'

const stack = { ORDER_DATABASE_URL: 'mysql://o', ORDER_REDIS_URL: 'redis://o', USER_DATABASE_URL: 'mysql://u', USER_REDIS_URL: 'redis://u' }

t.test('one instance: the ports and URLs as always', async (t) => {
  const gateway = serviceEnv('gateway', stack)
  t.equal(gateway['PORT'], '3000')
  t.equal(gateway['ORDER_SERVICE_URL'], 'http://127.0.0.1:3003')
  const order = serviceEnv('order', stack, {}, 100)
  t.match(order, { PORT: '3103', JWKS_URL: 'http://127.0.0.1:3101/.well-known/jwks.json', DATABASE_URL: 'mysql://o' })
})

t.test('two instances: the second on port + 10, the gateway balancing over both', async (t) => {
  const gateway = serviceEnv('gateway', stack, {}, 100, { instance: 0, instances: 2 })
  t.equal(gateway['PORT'], '3100')
  t.equal(gateway['ORDER_SERVICE_URL'], 'http://127.0.0.1:3103,http://127.0.0.1:3113')
  t.equal(gateway['USER_SERVICE_URL'], 'http://127.0.0.1:3101,http://127.0.0.1:3111')
  const second = serviceEnv('order', stack, {}, 0, { instance: 1, instances: 2 })
  t.match(second, { PORT: '3013', JWKS_URL: 'http://127.0.0.1:3011/.well-known/jwks.json' }, 'keys from the user-service instance of the same position')
  t.equal(instanceLabel('order', 1), 'order#2')
  t.equal(instanceLabel('order', 0), 'order')
  t.throws(() => portOf('gateway', 0, 1), /gateway has no instance 1/, 'one gateway')
  t.throws(() => serviceEnv('order', stack, {}, 0, { instance: 0, instances: MAX_INSTANCES + 1 }), /instances must be 1 to/)
  t.equal(portOf('review', 100, MAX_INSTANCES - 1), 3145, 'the last instance stays clear of a system shifted by 100')
})

t.test('pnpm start --instances', async (t) => {
  t.equal(instancesArgument([]), 1)
  t.equal(instancesArgument(['--instances', '2']), 2)
  t.equal(instancesArgument(['--instances=3']), 3)
  t.throws(() => instancesArgument(['--instances']), /from 1 to 5, got nothing/)
  t.throws(() => instancesArgument(['--instances', '0']), /got 0/)
  t.throws(() => instancesArgument(['--instances', '9']), /got 9/)
})
