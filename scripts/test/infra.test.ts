// Against the running local stack (`pnpm infra up`): every component is up and every outbox connector RUNNING.
import t from 'tap'
import { SERVICES, connectorOf, isUp, status } from '../src/stack.ts'

t.test('every component of the local stack is up', async (t) => {
  const s = await status()
  for (const c of s.components) t.equal(c.state, 'up', `${c.name} on :${c.port} is up (pid ${c.pid})`)
  t.same(s.components.map((c) => c.name), ['mariadb', 'redis', 'kafka', 'connect'])
})

t.test('every <service>-outbox connector and its task is RUNNING', async (t) => {
  const s = await status()
  for (const svc of SERVICES) {
    const c = s.connectors.find((x) => x.name === connectorOf(svc))
    t.ok(c, `${connectorOf(svc)} is registered`)
    t.equal(c?.state, 'RUNNING', `${connectorOf(svc)} connector RUNNING`)
    t.ok(c && c.tasks.length > 0 && c.tasks.every((x) => x.state === 'RUNNING'), `${connectorOf(svc)} tasks RUNNING`)
  }
  t.equal(await isUp(), true, 'isUp()')
})

t.test('stack.env has what services and tests need', async (t) => {
  for (const k of ['MYSQL_HOST', 'MYSQL_PORT', 'MYSQL_ROOT_PASSWORD', 'DEBEZIUM_DB_USER', 'DEBEZIUM_DB_PASSWORD', 'REDIS_ADMIN_URL', 'KAFKA_BROKERS', 'CONNECT_URL', 'STACK_ENGINE'])
    t.ok(process.env[k], k)
  for (const svc of SERVICES) {
    t.match(process.env[`${svc.toUpperCase()}_DATABASE_URL`], new RegExp(`^mysql://${svc}_service:[^@]+@127\\.0\\.0\\.1:\\d+/${svc}_service$`))
    t.match(process.env[`${svc.toUpperCase()}_REDIS_URL`], new RegExp(`^redis://${svc}:[^@]+@127\\.0\\.0\\.1:\\d+$`))
  }
})
