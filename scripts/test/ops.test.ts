// `pnpm ops` against the running local stack, run as a child process (exit codes and output are the contract).
import t from 'tap'
import { execFile } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { KafkaMessage } from 'kafkajs'
import { TOPICS, createKafka, createProducer, headerString } from '@concert/outbox'
import { SERVICES, connectorOf } from '../src/stack.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

interface Run {
  code: number
  stdout: string
  stderr: string
}

function ops(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/src/ops.ts', ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0
        resolve({ code, stdout: String(stdout), stderr: String(stderr) })
      },
    )
  })
}

const hasStackTrace = (r: Run) => /\n\s+at .+:\d+:\d+/.test(`${r.stdout}\n${r.stderr}`)

// every call is a fresh Node process (≈1-5 s each on a busy 2-core machine); the runner's 120 s is too short
t.setTimeout(600_000)

const kafka = createKafka({ clientId: 'ops-test' })

t.test('status --json: every component up, every outbox connector and task RUNNING', async (t) => {
  const r = await ops('status', '--json')
  const s = JSON.parse(r.stdout) as {
    healthy: boolean
    problems: string[]
    components: { name: string; state: string; pid: number | null }[]
    connectors: { name: string; state: string; tasks: { state: string }[]; healthy: boolean }[]
    kafka: { reachable: boolean }
    connect: { reachable: boolean }
    dlq: { dlqTopic: string; depth: number }[]
    services: { name: string; state: string }[]
  }
  t.same(s.components.map((c) => c.name), ['mariadb', 'redis', 'kafka', 'connect'])
  for (const c of s.components) t.equal(c.state, 'up', `${c.name} up (pid ${c.pid})`)
  t.ok(s.kafka.reachable && s.connect.reachable, 'Kafka and Connect reachable')
  t.ok(s.connectors.length > 0, 'connectors listed')
  for (const c of s.connectors) {
    t.equal(c.state, 'RUNNING', `${c.name} RUNNING`)
    t.ok(c.tasks.length > 0 && c.tasks.every((x) => x.state === 'RUNNING'), `${c.name} tasks RUNNING`)
  }
  for (const svc of SERVICES) t.ok(s.connectors.some((c) => c.name === connectorOf(svc)), `${connectorOf(svc)} listed`)
  t.equal(s.dlq.length, TOPICS.length, 'a DLQ row per platform topic')
  t.same(s.services.map((x) => x.name), ['gateway', 'user', 'concert', 'order', 'payment', 'review'])
  // the exit code follows the verdict (services started by others may make it unhealthy)
  t.equal(r.code, s.healthy ? 0 : 1, `exit code matches healthy=${s.healthy} ${s.problems.join('; ')}`)

  const text = await ops('status')
  t.match(text.stdout, /Components[\s\S]*Connectors[\s\S]*Consumer lag[\s\S]*Dead-letter topics[\s\S]*Services/)
  t.match(text.stdout, /(✓ healthy|✗ unhealthy)/)
})

t.test('usage errors: exit 2, one clear message, no stack trace', async (t) => {
  const cases = [['frobnicate'], ['status', '--bogus'], ['dlq', 'list'], ['lag', '--group', 'no-such-group'], ['dlq', 'list', 'order-topic', '--limit', 'x']]
  const [unknown, topic, down, kafkaDown, ...others] = await Promise.all([
    ops('connectors', 'restart', 'no-such-connector'),
    ops('dlq', 'list', 'no-such-topic'),
    ops('lag'),
    new Promise<Run>((resolve) =>
      execFile(process.execPath, ['--import', 'tsx', 'scripts/src/ops.ts', 'lag'], { cwd: ROOT, env: { ...process.env, KAFKA_BROKERS: '127.0.0.1:1' } }, (err, stdout, stderr) =>
        resolve({ code: (err as { code?: number } | null)?.code ?? 0, stdout: String(stdout), stderr: String(stderr) }),
      ),
    ),
    ...cases.map((args) => ops(...args)),
  ])
  t.equal(unknown.code, 2, 'unknown connector → exit 2')
  t.match(unknown.stderr, /unknown connector "no-such-connector"/)
  t.match(unknown.stderr, new RegExp(`connectors: .*${connectorOf('order')}`), 'lists the names')
  t.notOk(hasStackTrace(unknown), 'no stack trace')

  t.equal(topic.code, 2, 'unknown topic → exit 2')
  t.match(topic.stderr, /no DLQ topic no-such-topic\.dlq/)
  t.match(topic.stderr, /order-topic/)
  t.notOk(hasStackTrace(topic), 'no stack trace')

  for (const [i, args] of cases.entries()) {
    const r = others[i]!
    t.equal(r.code, 2, `${args.join(' ')} → exit 2`)
    t.match(r.stderr, /^✗ /, 'one-line message')
    t.notOk(hasStackTrace(r), 'no stack trace')
  }
  t.equal(down.code, 0, 'lag on a running stack')
  t.equal(kafkaDown.code, 1, 'Kafka unreachable → exit 1')
  t.match(kafkaDown.stderr, /Kafka is unreachable at 127\.0\.0\.1:1\n\s+fix: .*pnpm infra up/)
  t.notOk(hasStackTrace(kafkaDown), 'no stack trace')
})

t.test('--help for every command, exit 0', async (t) => {
  const cases = [['--help'], ['status', '--help'], ['connectors', '--help'], ['connectors', 'restart', '--help'], ['lag', '--help'], ['dlq', '--help'], ['dlq', 'replay', '--help']]
  const runs = await Promise.all(cases.map((args) => ops(...args)))
  for (const [i, args] of cases.entries()) {
    t.equal(runs[i]!.code, 0, `${args.join(' ')} exit 0`)
    t.match(runs[i]!.stdout, /usage: pnpm ops/)
  }
})

t.test('dlq list and replay a fabricated poison record, exactly once', async (t) => {
  const base = `ops-test-${randomBytes(4).toString('hex')}-topic`
  const dlq = `${base}.dlq`
  const admin = kafka.admin()
  await admin.connect()
  const readGroup = `ops-test-reader-${randomBytes(4).toString('hex')}`
  t.teardown(async () => {
    await admin.deleteGroups([`ops.dlq-replay.${base}`, readGroup]).catch(() => undefined)
    await admin.deleteTopics({ topics: [base, dlq] }).catch(() => undefined)
    await admin.disconnect()
  })
  await admin.createTopics({ topics: [{ topic: base, numPartitions: 3 }, { topic: dlq, numPartitions: 3 }], waitForLeaders: true })

  const records = [0, 1].map((i) => ({
    key: `res-${randomUUID()}`,
    id: randomUUID(),
    value: JSON.stringify({ reservationId: `r-${i}`, seatIds: 'not-an-array', occurredAt: new Date().toISOString() }),
    traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    error: `PoisonRecord: invalid ReservationCreated payload: /seatIds must be array (#${i})`,
  }))
  const producer = createProducer(kafka)
  await producer.connect()
  for (const [i, r] of records.entries()) {
    await producer.send({
      topic: dlq,
      acks: -1,
      messages: [
        {
          key: r.key,
          value: r.value,
          headers: {
            id: r.id,
            eventType: 'ReservationCreated',
            traceparent: r.traceparent,
            'dlq-error': r.error,
            'dlq-attempts': String(3 + i),
            'dlq-original-topic': base,
            'dlq-original-partition': '2',
            'dlq-original-offset': String(40 + i),
            'dlq-consumer': 'order',
            'dlq-failed-at': new Date(Date.now() - 90_000).toISOString(),
          },
        },
      ],
    })
  }
  await producer.disconnect()

  // list (text and JSON), by topic and by DLQ topic name
  const [text, listed, limitedRun] = await Promise.all([ops('dlq', 'list', base), ops('dlq', 'list', dlq, '--json'), ops('dlq', 'list', base, '--json', '--limit', '1')])
  t.equal(text.code, 0, 'dlq list exit 0')
  for (const r of records) {
    t.match(text.stdout, r.id, 'event id shown')
    t.match(text.stdout, r.key, 'key shown')
  }
  t.match(text.stdout, /PoisonRecord: invalid ReservationCreated payload/, 'error shown')
  t.match(text.stdout, /ReservationCreated/)
  t.match(text.stdout, new RegExp(`${dlq.replace(/\./g, '\\.')}: 2 record`))
  t.equal(listed.code, 0)
  const l = JSON.parse(listed.stdout) as { depth: number; records: Array<{ eventId: string; error: string; attempts: number; consumer: string; key: string; originalTopic: string; originalPartition: number; originalOffset: string; replayed: boolean; ageMs: number }> }
  t.equal(l.depth, 2)
  for (const [i, r] of records.entries()) {
    const x = l.records.find((y) => y.eventId === r.id)
    t.ok(x, `record ${i} listed`)
    t.equal(x?.error, r.error, 'error')
    t.equal(x?.attempts, 3 + i, 'attempts')
    t.equal(x?.consumer, 'order')
    t.equal(x?.key, r.key)
    t.equal(x?.originalTopic, base)
    t.equal(x?.originalPartition, 2)
    t.equal(x?.originalOffset, String(40 + i))
    t.equal(x?.replayed, false)
    t.ok(x && x.ageMs >= 85_000, 'age from dlq-failed-at')
  }
  const limited = JSON.parse(limitedRun.stdout) as { records: unknown[] }
  t.equal(limited.records.length, 1, '--limit 1')

  // replay one by id, then the rest, then nothing
  const one = await ops('dlq', 'replay', base, '--id', records[0]!.id, '--json')
  t.equal(one.code, 0, 'replay --id exit 0')
  const oneJ = JSON.parse(one.stdout) as { replayed: { eventId: string; originalTopic: string }[] }
  t.same(oneJ.replayed.map((x) => [x.eventId, x.originalTopic]), [[records[0]!.id, base]], 'replayed the record with that id')
  const oneAgain = JSON.parse((await ops('dlq', 'replay', base, '--id', records[0]!.id, '--json')).stdout) as { replayed: unknown[]; skipped: unknown[] }
  t.equal(oneAgain.replayed.length, 0, 'the same --id again replays nothing')
  t.equal(oneAgain.skipped.length, 1, '…and says it was skipped')
  const dry = JSON.parse((await ops('dlq', 'replay', base, '--dry-run', '--json')).stdout) as { replayed: { eventId: string }[] }
  t.same(dry.replayed.map((x) => x.eventId), [records[1]!.id], 'dry run: only the other record is left')
  const rest = await ops('dlq', 'replay', base)
  t.equal(rest.code, 0, 'full replay exit 0')
  t.match(rest.stdout, records[1]!.id, 'prints what was replayed')
  t.match(rest.stdout, /replayed 1 record\(s\)/)
  t.notMatch(rest.stdout, records[0]!.id.slice(0, 18) + '.*→', 'the --id record is not replayed twice')
  const again = await ops('dlq', 'replay', base, '--json')
  t.equal(again.code, 0)
  t.same((JSON.parse(again.stdout) as { replayed: unknown[] }).replayed, [], 'a second full replay replays nothing')
  const again2 = await ops('dlq', 'replay', base)
  t.match(again2.stdout, /nothing to replay/)
  const afterList = JSON.parse((await ops('dlq', 'list', base, '--json')).stdout) as { records: { replayed: boolean }[] }
  t.ok(afterList.records.every((x) => x.replayed), 'dlq list marks both replayed')
  const missing = await ops('dlq', 'replay', base, '--id', randomUUID())
  t.equal(missing.code, 1, 'unknown --id → exit 1')
  t.match(missing.stderr, /no record with id/)

  // the original topic holds each record exactly once, with key, value and original headers only
  const got: KafkaMessage[] = []
  const consumer = kafka.consumer({ groupId: readGroup, maxWaitTimeInMs: 100 })
  await consumer.connect()
  await consumer.subscribe({ topic: base, fromBeginning: true })
  await consumer.run({ eachMessage: async ({ message }) => void got.push(message) })
  const deadline = Date.now() + 20_000
  while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  await new Promise((r) => setTimeout(r, 1000)) // anything extra would arrive now
  await consumer.disconnect()
  t.equal(got.length, 2, 'two records on the original topic, each replayed once')
  for (const r of records) {
    const m = got.find((x) => headerString(x.headers, 'id') === r.id)
    t.ok(m, `record ${r.id} replayed`)
    t.equal(m?.key?.toString(), r.key, 'original key')
    t.equal(m?.value?.toString(), r.value, 'original value')
    t.equal(headerString(m?.headers, 'eventType'), 'ReservationCreated', 'eventType header')
    t.equal(headerString(m?.headers, 'traceparent'), r.traceparent, 'traceparent header')
    t.same(Object.keys(m?.headers ?? {}).filter((k) => k.startsWith('dlq-')), [], 'no dlq-* headers')
  }
})

t.test('connectors restart brings an existing connector back to RUNNING', async (t) => {
  const name = connectorOf('review')
  const r = await ops('connectors', 'restart', name, '--json')
  t.equal(r.code, 0, `restart ${name} exit 0 ${r.stderr}`)
  const j = JSON.parse(r.stdout) as { running: boolean; connector: { name: string; state: string; tasks: { state: string }[] } }
  t.equal(j.running, true)
  t.equal(j.connector.state, 'RUNNING')
  t.ok(j.connector.tasks.length > 0 && j.connector.tasks.every((x) => x.state === 'RUNNING'), 'tasks RUNNING')
  const list = await ops('connectors', 'list')
  t.equal(list.code, 0, 'connectors list exit 0 (all RUNNING)')
  t.match(list.stdout, new RegExp(`${name}\\s+RUNNING\\s+0:RUNNING`))
})
