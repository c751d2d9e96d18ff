/**
 * Commits per second and fsyncs per commit of the local MariaDB: what its durability settings cost.
 *
 *   pnpm --filter @concert/bench commits [--clients 32] [--seconds 10]
 *
 * Each client runs the smallest transaction shaped like a hold (update a seat row, insert an outbox-like
 * row, COMMIT) in a loop, in a scratch database dropped afterwards. Reports commits/s and, from SHOW
 * GLOBAL STATUS deltas over the run, binlog group commits (commits per group = how well group commit
 * batches) and InnoDB log fsyncs per commit, with the server's durability settings beside them.
 * Uses the root account of the stack in the env file (MYSQL_HOST/PORT/ROOT_USER/ROOT_PASSWORD).
 */
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import mysql from 'mysql2/promise'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { clients: { type: 'string', default: '32' }, seconds: { type: 'string', default: '10' } },
})
const clients = Number(values.clients)
const seconds = Number(values.seconds)
const database = `bench_commits_${randomUUID().slice(0, 8)}`
const connection = {
  host: process.env['MYSQL_HOST'] ?? '127.0.0.1',
  port: Number(process.env['MYSQL_PORT'] ?? 3307),
  user: process.env['MYSQL_ROOT_USER'] ?? 'root',
  password: process.env['MYSQL_ROOT_PASSWORD'],
}
const SETTINGS = ['innodb_flush_log_at_trx_commit', 'sync_binlog', 'innodb_flush_method', 'innodb_doublewrite', 'binlog_commit_wait_count', 'binlog_commit_wait_usec']
// MariaDB 10.8+ has no Innodb_os_log_fsyncs: Innodb_data_fsyncs counts every InnoDB fsync, redo log included
const COUNTERS = ['Binlog_commits', 'Binlog_group_commits', 'Innodb_log_writes', 'Innodb_data_fsyncs']

const admin = await mysql.createConnection(connection)
const counters = async () => {
  const [rows] = await admin.query<mysql.RowDataPacket[]>(`SHOW GLOBAL STATUS WHERE Variable_name IN (${COUNTERS.map(() => '?').join(',')})`, COUNTERS)
  return Object.fromEntries(rows.map((r) => [r['Variable_name'] as string, Number(r['Value'])]))
}
const [settingRows] = await admin.query<mysql.RowDataPacket[]>(`SHOW GLOBAL VARIABLES WHERE Variable_name IN (${SETTINGS.map(() => '?').join(',')})`, SETTINGS)
await admin.query(`CREATE DATABASE ${database}`)
await admin.query(`CREATE TABLE ${database}.seat (id INT PRIMARY KEY, status VARCHAR(16) NOT NULL, version INT NOT NULL)`)
await admin.query(`CREATE TABLE ${database}.outbox (id CHAR(36) PRIMARY KEY, aggregateid CHAR(36) NOT NULL, payload JSON NOT NULL)`)
await admin.query(`INSERT INTO ${database}.seat SELECT seq, 'AVAILABLE', 0 FROM ${database}.seq_1_to_10000`)
const pool = mysql.createPool({ ...connection, database, connectionLimit: clients })

let commits = 0
let running = true
const client = async () => {
  const conn = await pool.getConnection()
  try {
    while (running) {
      const id = randomUUID()
      await conn.query('BEGIN')
      await conn.query('UPDATE seat SET status = ?, version = version + 1 WHERE id = ?', ['HELD', 1 + Math.floor(Math.random() * 10000)])
      await conn.query('INSERT INTO outbox (id, aggregateid, payload) VALUES (?, ?, ?)', [id, id, JSON.stringify({ reservationId: id, seats: [1, 2], amount: 100 })])
      await conn.query('COMMIT')
      commits++
    }
  } finally {
    conn.release()
  }
}

try {
  // warm the pool and the buffer pool for a second before counting
  setTimeout(() => (running = false), 1000)
  await Promise.all(Array.from({ length: clients }, client))
  running = true
  commits = 0
  const before = await counters()
  const started = performance.now()
  setTimeout(() => (running = false), seconds * 1000)
  await Promise.all(Array.from({ length: clients }, client))
  const elapsed = (performance.now() - started) / 1000
  const after = await counters()
  const d = (k: string) => after[k]! - before[k]!
  console.log(settingRows.map((r) => `${r['Variable_name']}=${r['Value']}`).join(' '))
  console.log(`${clients} clients, ${elapsed.toFixed(1)} s: ${(commits / elapsed).toFixed(0)} commits/s`)
  console.log(
    `binlog commits ${d('Binlog_commits')} in ${d('Binlog_group_commits')} groups (${(d('Binlog_commits') / Math.max(1, d('Binlog_group_commits'))).toFixed(1)} per group); ` +
      `InnoDB fsyncs ${(d('Innodb_data_fsyncs') / commits).toFixed(3)}/commit, redo log writes ${(d('Innodb_log_writes') / commits).toFixed(3)}/commit`,
  )
} finally {
  await pool.end()
  await admin.query(`DROP DATABASE ${database}`)
  await admin.end()
}
