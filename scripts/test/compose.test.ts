// compose.yaml without a Docker engine: valid against the Compose Specification's JSON schema (the copy
// the dclint package ships), every Node process started as `pnpm start` starts it (OpenTelemetry
// preloaded), and Kafka Connect configured from debezium/connect-distributed.properties alone.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2019 } from 'ajv/dist/2019.js'
import t from 'tap'
import { parse } from 'yaml'
import { SERVICE_NODE_ARGS, root } from '../src/services.ts'

const require = createRequire(import.meta.url)
// draft 2019-09 with the legacy `id` annotations ("#/definitions/service"), which Ajv rejects: dropped
const schema = JSON.parse(readFileSync(require.resolve('dclint/schemas/compose.schema.json'), 'utf8'), (key, value: unknown) => (key === 'id' && typeof value === 'string' ? undefined : value)) as object

type Service = { command?: string[]; working_dir?: string; entrypoint?: string[]; environment?: Record<string, unknown>; volumes?: string[] }
type Compose = { name?: string; services: Record<string, Service> }
/** Parsed as Compose does: anchors, aliases and `<<` merge keys resolved. */
const loadCompose = (text: string) => parse(text, { merge: true, maxAliasCount: -1 }) as Compose
const composeText = readFileSync(join(root, 'compose.yaml'), 'utf8')
const compose = loadCompose(composeText)

function validator() {
  const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: false })
  return ajv.compile(schema)
}

t.test('compose.yaml is valid against the Compose Specification schema', async (t) => {
  const validate = validator()
  const valid = validate(compose)
  t.ok(valid, JSON.stringify(validate.errors?.slice(0, 5)))
  t.equal(compose.name, 'concert', 'a top-level name (Compose v2)')
  // the check can fail: a misspelt key or a wrong type is reported
  const broken = loadCompose(composeText.replace('restart: unless-stopped', 'restrat: unless-stopped'))
  t.notOk(validate(broken), 'an unknown service key is an error')
  t.notOk(validate({ ...compose, services: { ...compose.services, gateway: { ...compose.services['gateway'], ports: 3000 } } }), 'a wrong type is an error')
})

t.test('every Node service starts like `pnpm start` starts it: OpenTelemetry preloaded', async (t) => {
  const node = Object.entries(compose.services).filter(([, s]) => s.working_dir?.startsWith('/app/services/'))
  t.same(node.map(([name]) => name).sort(), ['concert', 'gateway', 'order', 'payment', 'review', 'user'])
  for (const [name, service] of node) t.same(service.command, ['node', ...SERVICE_NODE_ARGS], name)
})

t.test('Connect: the worker settings come from debezium/connect-distributed.properties with container addresses', async (t) => {
  const connect = compose.services['connect']!
  t.notOk(Object.keys(connect.environment ?? {}).some((k) => k.startsWith('CONNECT_')), 'no CONNECT_* settings repeated in compose.yaml')
  t.ok(connect.volumes?.includes('./debezium/connect-distributed.properties:/kafka/worker/connect-distributed.properties:ro'))
  t.ok(connect.volumes?.includes('./compose/connect/start.sh:/kafka/worker/start.sh:ro'))
  t.same(connect.entrypoint, ['/bin/bash', '/kafka/worker/start.sh'])
  const local = readFileSync(join(root, 'debezium/connect-distributed.properties'), 'utf8')
  const rendered = execFileSync('bash', [join(root, 'compose/connect/start.sh')], {
    encoding: 'utf8',
    env: { ...process.env, WORKER_PROPERTIES: join(root, 'debezium/connect-distributed.properties'), RENDERED: join(tmpdir(), `connect-${process.pid}.properties`), CONNECT_BIN: 'cat', BOOTSTRAP_SERVERS: String(connect.environment?.['BOOTSTRAP_SERVERS']), ADVERTISED_HOST_NAME: String(connect.environment?.['ADVERTISED_HOST_NAME']) },
  })
  const props = (text: string) => new Map(text.split('\n').filter((l) => /^[a-z]/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
  const want = props(local)
  want.set('bootstrap.servers', 'kafka:9092').set('listeners', 'http://0.0.0.0:8083').set('rest.advertised.host.name', 'connect').set('plugin.path', '/kafka/connect')
  t.same(Object.fromEntries(props(rendered)), Object.fromEntries(want), 'the local worker settings, only addresses and the plugin path changed')
  t.equal(want.get('group.id'), 'concert-connect')
})
