/**
 * How long outbox events stop flowing after a part of the local stack dies, and what gets lost.
 *
 *   export STACK_DATA_DIR=/tmp/stack2 STACK_MARIADB_PORT=4307 …   # a SECOND stack: scripts/README.md
 *   pnpm infra up
 *   pnpm --filter @concert/bench recovery [--fault mariadb-restart|mariadb-kill|mariadb-pause|connect-kill|kafka-kill]… [--runs 3]
 *
 * It kills processes, so it refuses to run against the usual stack in .data/. Results and what they
 * chose: debezium/README.md "Recovery after a restart".
 *
 * A writer commits one outbox row to order_service every 100 ms; the stack's order-outbox connector
 * carries them to topic bench-recovery, whose timestamps are the broker's (LogAppendTime), so a slow
 * consumer here does not count. Per run: the fault, then `up()` (what `pnpm infra up` does) brings the
 * part back. Reported per run:
 *   back      fault → the part is healthy again (MariaDB: first committed row; Kafka: metadata; Connect: REST)
 *             (mariadb-pause: SIGSTOP for 10 s, then SIGCONT)
 *   flowing   the part healthy → the first row appended to Kafka after that (the stall this file is for)
 *   worst     the largest commit → Kafka delay of any row written in the run
 *   lost/dup  rows committed but never in Kafka within 60 s / rows in Kafka twice
 */
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { createConnection, type Connection } from 'mysql2/promise'
import { COMPONENTS, up, parseEnvFile, paths } from '@concert/scripts/stack'
import { testKafka, kyselyFor } from '@concert/outbox/testing'
import { outboxMigration } from '@concert/outbox/migration'

const FAULTS = ['mariadb-restart', 'mariadb-kill', 'mariadb-pause', 'connect-kill', 'kafka-kill'] as const
type Fault = (typeof FAULTS)[number]

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    fault: { type: 'string', multiple: true, default: [...FAULTS] },
    runs: { type: 'string', default: '3' },
    'settle-ms': { type: 'string', default: '5000' },
  },
})
const faults = values.fault as Fault[]
for (const f of faults) if (!FAULTS.includes(f)) throw new Error(`unknown fault ${f} (one of ${FAULTS.join(', ')})`)
if (paths.DATA_DIR === paths.DEFAULT_DATA_DIR)
  throw new Error('refusing to kill parts of the shared stack in .data/: set STACK_DATA_DIR and the STACK_*_PORT variables of a second stack')

Object.assign(process.env, parseEnvFile())
const TOPIC = 'bench-recovery'
const DATABASE = 'order_service'
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

// --- Kafka side: the topic with broker timestamps and a consumer that notes when each row arrived ----
const kafka = testKafka('bench-recovery')
const admin = kafka.admin()
await admin.connect()
if (!(await admin.listTopics()).includes(TOPIC))
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] }],
  })
await admin.disconnect()

const appendedAt = new Map<string, number>()
let duplicates = 0
const consumer = kafka.consumer({ groupId: `bench-recovery-${randomUUID()}`, maxWaitTimeInMs: 100 })
await consumer.connect()
await consumer.subscribe({ topic: TOPIC, fromBeginning: true })
await consumer.run({
  eachMessage: async ({ message }) => {
    const id = message.headers?.['id']?.toString()
    if (!id) return
    if (appendedAt.has(id)) duplicates++
    else appendedAt.set(id, Number(message.timestamp))
  },
})

// --- MariaDB side: one row every 100 ms, reconnecting after every failure ---------------------------
const schema = kyselyFor<unknown>(DATABASE)
await outboxMigration.up(schema)
await schema.destroy()

const committedAt = new Map<string, number>()
let conn: Connection | null = null
let writing = true
const writer = (async () => {
  while (writing) {
    const started = Date.now()
    try {
      conn ??= await createConnection({
        host: process.env.MYSQL_HOST, port: Number(process.env.MYSQL_PORT), user: 'root', password: process.env.MYSQL_ROOT_PASSWORD,
        database: DATABASE, connectTimeout: 1000,
      })
      const id = randomUUID()
      await conn.query(
        'INSERT INTO outbox (id, aggregatetype, aggregateid, type, topic, payload) VALUES (?, ?, ?, ?, ?, ?)',
        [id, 'bench', id, 'BenchRecoveryEvent', TOPIC, JSON.stringify({ at: started })],
      )
      committedAt.set(id, Date.now())
    } catch {
      conn?.destroy()
      conn = null
    }
    await sleep(Math.max(0, 100 - (Date.now() - started)))
  }
})()

async function healthy(fault: Fault, since: number): Promise<boolean> {
  switch (fault) {
    case 'mariadb-restart':
    case 'mariadb-kill':
    case 'mariadb-pause':
      return [...committedAt.values()].some((t) => t > since)
    case 'kafka-kill': {
      const a = kafka.admin({ retry: { retries: 0 } })
      try {
        await a.connect()
        return (await a.describeCluster()).brokers.length > 0
      } catch {
        return false
      } finally {
        await a.disconnect().catch(() => undefined)
      }
    }
    case 'connect-kill':
      return fetch(process.env.CONNECT_URL!, { signal: AbortSignal.timeout(500) }).then((r) => r.ok, () => false)
  }
}

async function inject(fault: Fault): Promise<void> {
  const component = COMPONENTS.find((c) => c.name === fault.split('-')[0])!
  if (fault === 'mariadb-restart') {
    await component.stop()
    return
  }
  const pid = component.pid()
  if (pid === null) throw new Error(`${component.name} is not running`)
  if (fault === 'mariadb-pause') {
    // a stalled server (VM pause, disk stall): connections stay open but nothing answers
    process.kill(pid, 'SIGSTOP')
    await sleep(10_000)
    process.kill(pid, 'SIGCONT')
    return
  }
  process.kill(pid, 'SIGKILL')
  while (component.pid() !== null) await sleep(20)
}

interface Run { fault: Fault; back: number; flowing: number; worst: number; lost: number; dup: number }
const results: Run[] = []
const s = (ms: number) => (ms / 1000).toFixed(1).padStart(5)

try {
  await sleep(3000) // the consumer's first fetch and a few rows before the first fault
  for (const fault of faults) {
    for (let run = 0; run < Number(values.runs); run++) {
      const dupBefore = duplicates
      const runStart = Date.now()
      const faultAt = Date.now()
      await inject(fault)
      // caught now, thrown below: `up` may fail while this loop still polls
      const upDone = up({ quiet: true }).then(() => null, (err: unknown) => err)
      let backAt = 0
      while (!backAt) {
        if (await healthy(fault, faultAt)) backAt = Date.now()
        else await sleep(100)
      }
      const upError = await upDone
      if (upError) throw upError
      let flowingAt = 0
      const deadline = Date.now() + 300_000
      while (!flowingAt && Date.now() < deadline) {
        const after = [...appendedAt.values()].filter((t) => t >= backAt)
        if (after.length > 0) flowingAt = Math.min(...after)
        else await sleep(100)
      }
      await sleep(Number(values['settle-ms']))
      const rows = [...committedAt].filter(([, t]) => t >= runStart - 1000)
      const drainUntil = Date.now() + 60_000
      while (rows.some(([id]) => !appendedAt.has(id)) && Date.now() < drainUntil) await sleep(200)
      const delays = rows.filter(([id]) => appendedAt.has(id)).map(([id, t]) => appendedAt.get(id)! - t)
      const r: Run = {
        fault, back: backAt - faultAt, flowing: flowingAt ? flowingAt - backAt : NaN, worst: Math.max(0, ...delays),
        lost: rows.filter(([id]) => !appendedAt.has(id)).length, dup: duplicates - dupBefore,
      }
      results.push(r)
      console.log(`${fault.padEnd(16)} run ${run + 1}: back ${s(r.back)} s  flowing ${s(r.flowing)} s after that  worst row ${s(r.worst)} s  lost ${r.lost}  dup ${r.dup}`)
    }
  }
} finally {
  writing = false
  await writer
  ;(conn as Connection | null)?.destroy()
  await consumer.disconnect()
}

console.log('\nfault             runs  back (s)        flowing after back (s)  worst row (s)  lost  dup')
for (const fault of faults) {
  const rs = results.filter((r) => r.fault === fault)
  if (rs.length === 0) continue
  const range = (xs: number[]) => `${(Math.min(...xs) / 1000).toFixed(1)}–${(Math.max(...xs) / 1000).toFixed(1)}`
  console.log(`${fault.padEnd(17)} ${String(rs.length).padEnd(5)} ${range(rs.map((r) => r.back)).padEnd(15)} ${range(rs.map((r) => r.flowing)).padEnd(23)} ${range(rs.map((r) => r.worst)).padEnd(14)} ${String(rs.reduce((a, r) => a + r.lost, 0)).padEnd(5)} ${rs.reduce((a, r) => a + r.dup, 0)}`)
}
process.exit(0)
