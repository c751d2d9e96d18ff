// `pnpm infra up` brings FAILED connectors back (ensureRunning in src/stack/connect.ts), against the real
// Connect worker with a scratch database, account and connector: a task that fails at start is restarted
// with its failed tasks and runs once the cause is gone; one that keeps failing ends in a StackError
// naming the trace's first line and root cause after a bounded number of restarts.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { Kafka, logLevel } from 'kafkajs'
import { ConnectClient, connectorConfig } from '@concert/outbox/connector'
import { ensureRunning } from '../src/stack/connect.ts'
import { StackError } from '../src/stack/ui.ts'

const env = process.env
const suffix = randomUUID().slice(0, 8)
const db = `restart_test_${suffix}`
const user = `dbz_restart_${suffix}`
const password = randomUUID()
const name = `restart-test-${suffix}`

const sql = (s: string) =>
  execFileSync('mariadb', ['-h', env.MYSQL_HOST!, '-P', env.MYSQL_PORT!, '-uroot', `-p${env.MYSQL_ROOT_PASSWORD}`, '-N', '-e', s]).toString()
const connect = new ConnectClient(env.CONNECT_URL!)

t.before(() => {
  sql(`CREATE DATABASE ${db}`)
  sql(`CREATE TABLE ${db}.outbox (id CHAR(36) NOT NULL PRIMARY KEY, aggregatetype VARCHAR(255) NOT NULL, aggregateid VARCHAR(255) NOT NULL,
       type VARCHAR(255) NOT NULL, topic VARCHAR(255) NOT NULL, payload JSON NOT NULL, tracingspancontext VARCHAR(512) NULL)`)
  // enough to pass the connector's validation (it connects), not enough for its snapshot (LOCK TABLES)
  // nor for reading the binlog
  sql(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`)
  sql(`GRANT SELECT ON ${db}.* TO '${user}'@'%'`)
})

t.teardown(async () => {
  await connect.delete(name).catch(() => undefined)
  sql(`DROP DATABASE IF EXISTS ${db}`)
  sql(`DROP USER IF EXISTS '${user}'@'%'`)
  const admin = new Kafka({ clientId: 'connector-restart-test', brokers: env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  await admin.deleteTopics({ topics: [`schemahistory.${db}`, `__debezium-heartbeat.${name}`] }).catch(() => undefined)
  await admin.disconnect()
})

t.test('a task that fails again after each restart ends in a StackError with its cause', async (t) => {
  await connect.put(
    name,
    connectorConfig({
      name, database: db, engine: (env.STACK_ENGINE ?? 'mariadb') as 'mariadb', host: env.MYSQL_HOST!, port: Number(env.MYSQL_PORT),
      user, password, serverId: 5300 + Math.floor(Math.random() * 90), kafkaBootstrap: env.KAFKA_BROKERS,
    }),
  )
  const started = Date.now()
  const err = await ensureRunning(connect, name, { restarts: 1, timeoutMs: 60_000, fresh: true }).then(() => null, (e: unknown) => e)
  t.type(err, StackError, 'StackError (what `pnpm infra up` prints before exiting 1)')
  t.match((err as Error).message, new RegExp(`^connector ${name} still FAILED after 1 restarts: \\S+Exception: .* … Caused by: .*LOCK TABLES`), (err as Error).message)
  t.ok(Date.now() - started < 60_000, `gave up within the bound (${Date.now() - started} ms)`)
  t.equal((await connect.status(name))?.tasks[0]?.state, 'FAILED', 'the task is FAILED')
})

t.test('once the cause is gone, a restart with its failed tasks brings it to RUNNING', async (t) => {
  sql(`GRANT SELECT, LOCK TABLES ON ${db}.* TO '${user}'@'%'`)
  sql(`GRANT RELOAD, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '${user}'@'%'`)
  await ensureRunning(connect, name)
  const st = await connect.status(name)
  t.equal(st?.connector.state, 'RUNNING')
  t.same(st?.tasks.map((x) => x.state), ['RUNNING'])
})
