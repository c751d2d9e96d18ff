/**
 * A consumer process paused longer than its Kafka session timeout (SIGSTOP: what a GC pause, a VM
 * stall or a slow disk does) resumes by itself: the record it had applied but not committed is
 * redelivered and skipped as a duplicate, later records are applied, nothing is dead-lettered.
 */
import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { createProducer } from '../src/consumer.ts'
import type { OutboxTables } from '../src/migration.ts'
import {
  RecordCollector,
  createTestDatabase,
  createTopics,
  deleteGroups,
  deleteTopics,
  randomSuffix,
  sleep,
  testKafka,
  waitFor,
} from '../src/testing.ts'

interface DB extends OutboxTables {
  effect: { id: number | undefined; event_id: string; reservation_id: string; reason: string }
}

/** The runtime's session timeout (consumer.ts); the pause must outlast it. */
const SESSION_TIMEOUT_MS = 10_000
const PAUSE_MS = SESSION_TIMEOUT_MS + 4_000

const suffix = randomSuffix()
const tdb = await createTestDatabase<DB>(`outbox_test_pause_${suffix}`)
const { db } = tdb
await sql`CREATE TABLE effect (id BIGINT AUTO_INCREMENT PRIMARY KEY, event_id CHAR(36) NOT NULL,
          reservation_id CHAR(36) NOT NULL, reason VARCHAR(255) NOT NULL)`.execute(db)
const kafka = testKafka(`outbox-pause-test-${suffix}`)
const topic = `outbox-test-pause-${suffix}`
const service = `outbox-pause-${suffix}`
await createTopics(kafka, [topic, `${topic}.dlq`])
const producer = createProducer(kafka)
await producer.connect()
const dlq = await RecordCollector.start(kafka, `${topic}.dlq`)

interface Message {
  type: 'state' | 'outcome' | 'applied-uncommitted'
  ready?: boolean
  at?: number
  outcome?: string
  eventId?: string
  attempts?: number
}

let child: ChildProcess | undefined
const messages: Message[] = []
let childLog = ''
t.teardown(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGCONT')
    child.send('stop')
    await Promise.race([new Promise((r) => child!.once('exit', r)), sleep(15_000)])
    if (child.exitCode === null) child.kill('SIGKILL')
  }
  await dlq.stop()
  await producer.disconnect()
  await deleteGroups(kafka, [`${service}.${topic}`])
  await deleteTopics(kafka, [topic, `${topic}.dlq`])
  await tdb.drop()
})

async function produce(reservationId: string, reason: string): Promise<string> {
  const id = uuidv7()
  await producer.send({
    topic,
    acks: -1,
    messages: [{
      key: reservationId,
      value: JSON.stringify({ reservationId, reason, occurredAt: new Date().toISOString() }),
      headers: { id, eventType: 'ReservationRollbackEvent' },
    }],
  })
  return id
}

const outcomesOf = (eventId: string) => messages.filter((m) => m.type === 'outcome' && m.eventId === eventId).map((m) => m.outcome)
const effectsOf = async (eventId: string) => (await db.selectFrom('effect').select('id').where('event_id', '=', eventId).execute()).length

t.test('a consumer paused past its session timeout rejoins and applies every record once', async (t) => {
  child = spawn(process.execPath, ['--import=tsx', fileURLToPath(new URL('./fixtures/consumer-process.ts', import.meta.url))], {
    env: { ...process.env, CHILD_DB: tdb.name, CHILD_TOPIC: topic, CHILD_SERVICE: service },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  child.stdout!.on('data', (d: Buffer) => { childLog += d.toString() })
  child.stderr!.on('data', (d: Buffer) => { childLog += d.toString() })
  child.on('message', (m: Message) => messages.push(m))
  t.teardown(() => { if (t.passing() === false) console.error(`consumer process log:\n${childLog.slice(-20_000)}`) })

  await waitFor(() => messages.some((m) => m.type === 'state' && m.ready), { timeoutMs: 60_000, what: 'the child consumer to join' })
  const rid = uuidv7()
  const before = await produce(rid, 'before')
  await waitFor(() => outcomesOf(before).includes('applied'), { what: 'the first record applied' })

  // stop the process between the handler's DB commit and its offset commit
  const paused = await produce(rid, 'pause-here')
  await waitFor(() => messages.some((m) => m.type === 'applied-uncommitted' && m.eventId === paused), { what: 'the handler to commit' })
  child.kill('SIGSTOP')
  const stoppedAt = Date.now()
  const during = await produce(rid, 'during')
  await sleep(PAUSE_MS - (Date.now() - stoppedAt))
  child.kill('SIGCONT')
  const resumedAt = Date.now()

  await waitFor(() => outcomesOf(during).includes('applied'), { timeoutMs: 90_000, what: 'the record produced during the pause applied' })
  const recoveredMs = Date.now() - resumedAt
  const after = await produce(rid, 'after')
  await waitFor(() => outcomesOf(after).includes('applied'), { timeoutMs: 30_000, what: 'a record produced after the pause applied' })
  t.comment(`paused ${PAUSE_MS} ms; applying again ${recoveredMs} ms after SIGCONT`)

  for (const [name, id] of [['before', before], ['pause-here', paused], ['during', during], ['after', after]] as const) {
    t.equal(await effectsOf(id), 1, `${name}: applied exactly once`)
  }
  t.notOk(outcomesOf(paused).includes('dlq'), 'the applied record was not dead-lettered')
  t.ok(outcomesOf(paused).every((o) => o === 'applied' || o === 'duplicate'), `paused record outcomes: ${outcomesOf(paused).join(', ')}`)
  t.equal(messages.filter((m) => m.outcome === 'dlq').length, 0, 'no dlq outcome at all')
  await sleep(1_000)
  t.equal(dlq.records.length, 0, 'the DLQ topic is empty')
  t.equal(child.exitCode, null, 'the consumer process is still running')
  t.ok(recoveredMs < 30_000, `consuming again within 30 s of SIGCONT (${recoveredMs} ms)`)
})
