// `pnpm seed` signs in with the admin the running system was started with, never writes credentials,
// and fails with one line on stderr.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { root } from '../src/services.ts'
import { runningAdminCredentials } from '../src/start.ts'

t.test('the admin comes from the environment, else .data/admin.env unless the system was started from the environment', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'seed-admin-'))
  t.throws(() => runningAdminCredentials({}, home), /no admin credentials: set ADMIN_EMAIL and ADMIN_PASSWORD/)
  t.throws(() => runningAdminCredentials({ ADMIN_EMAIL: 'a@b.c' }, home), /only ADMIN_EMAIL is set/)
  t.match(runningAdminCredentials({ ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'secret-secret' }, home), { ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'secret-secret', source: 'ADMIN_EMAIL/ADMIN_PASSWORD' })
  const data = join(home, '.data')
  mkdirSync(data)
  writeFileSync(join(data, 'admin.env'), 'ADMIN_EMAIL=admin@concert.local\nADMIN_PASSWORD=generated-one\n')
  t.match(runningAdminCredentials({}, home), { ADMIN_EMAIL: 'admin@concert.local', ADMIN_PASSWORD: 'generated-one', source: '.data/admin.env' })
  writeFileSync(join(data, 'admin.started'), 'ADMIN_SOURCE=environment\nADMIN_EMAIL=ops@example.com\n')
  t.throws(() => runningAdminCredentials({}, home), /started with the admin ops@example.com from the environment: run ADMIN_EMAIL=ops@example.com ADMIN_PASSWORD=<its password> pnpm seed/)
  t.equal(readFileSync(join(data, 'admin.env'), 'utf8'), 'ADMIN_EMAIL=admin@concert.local\nADMIN_PASSWORD=generated-one\n', 'nothing rewritten')
})

t.test('refused credentials: one line naming the variables, exit 1, .data/admin.env untouched', async (t) => {
  // Stands in for a gateway whose admin has another password: ready, and 401 to POST /sessions.
  const server = createServer((request, response) => {
    if (request.url === '/health/ready') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}')
    response.writeHead(401, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: 401, code: 'INVALID_CREDENTIALS', title: 'Unauthorized' }))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  t.teardown(() => server.close())
  const adminFile = join(root, '.data/admin.env')
  const before = existsSync(adminFile) ? statSync(adminFile).mtimeMs : null
  // asynchronously: this process serves the fake gateway meanwhile
  const seed = await new Promise<{ status: number | null; stderr: string }>((done) => {
    const child = execFile(process.execPath, ['--import', 'tsx', join(root, 'scripts/src/seed.ts')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GATEWAY_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ADMIN_EMAIL: 'admin@concert.local', ADMIN_PASSWORD: 'not-the-one-it-started-with' },
    }, (_error, _stdout, stderr) => done({ status: child.exitCode, stderr }))
  })
  t.equal(seed.status, 1)
  const lines = seed.stderr.trim().split('\n')
  t.equal(lines.length, 1, `one line, got: ${seed.stderr}`)
  t.match(lines[0], /^pnpm seed: the running system refused the admin admin@concert.local from ADMIN_EMAIL\/ADMIN_PASSWORD \(401 INVALID_CREDENTIALS\): set ADMIN_EMAIL and ADMIN_PASSWORD/)
  t.notMatch(seed.stderr, /\s+at /, 'no stack trace')
  t.equal(existsSync(adminFile) ? statSync(adminFile).mtimeMs : null, before, '.data/admin.env neither created nor rewritten')
})
