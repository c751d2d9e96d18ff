/** Prerequisites: Java 17+, Maven, MariaDB server + client, Redis. Installed with apt when running as root. */
import { existsSync } from 'node:fs'
import { run, which } from './process.ts'
import { StackError, info, ok, step } from './ui.ts'

export interface Tools {
  java: string
  mvn: string
  mariadbd: string
  installDb: string
  client: string
  admin: string
  redisServer: string
}

const SBIN = ['/usr/sbin', '/usr/local/sbin', '/usr/libexec', '/sbin']

async function find(...names: string[]): Promise<string | null> {
  for (const n of names) {
    const p = await which(n)
    if (p) return p
    for (const d of SBIN) if (existsSync(`${d}/${n}`)) return `${d}/${n}`
  }
  return null
}

async function locate(): Promise<Partial<Tools>> {
  const [java, mvn, mariadbd, installDb, client, admin, redisServer] = await Promise.all([
    find('java'),
    find('mvn'),
    find('mariadbd', 'mysqld'),
    find('mariadb-install-db', 'mysql_install_db'),
    find('mariadb', 'mysql'),
    find('mariadb-admin', 'mysqladmin'),
    find('redis-server'),
  ])
  const t: Partial<Tools> = {}
  if (java) t.java = java
  if (mvn) t.mvn = mvn
  if (mariadbd) t.mariadbd = mariadbd
  if (installDb) t.installDb = installDb
  if (client) t.client = client
  if (admin) t.admin = admin
  if (redisServer) t.redisServer = redisServer
  return t
}

const PACKAGES: Record<keyof Tools, string> = {
  java: 'openjdk-17-jdk-headless',
  mvn: 'maven',
  mariadbd: 'mariadb-server',
  installDb: 'mariadb-server',
  client: 'mariadb-client',
  admin: 'mariadb-client',
  redisServer: 'redis-server',
}

export async function checkPrerequisites(): Promise<Tools> {
  step('prerequisites')
  let tools = await locate()
  let missing = (Object.keys(PACKAGES) as (keyof Tools)[]).filter((k) => !tools[k])
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map((k) => PACKAGES[k]))]
    if (process.getuid?.() === 0 && (await which('apt-get'))) {
      info(`installing ${pkgs.join(' ')} with apt-get (running as root)`)
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
      const upd = await run('apt-get', ['update', '-qq'], { env, timeoutMs: 600_000 })
      const inst = upd.code === 0 ? await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env, timeoutMs: 900_000 }) : upd
      if (inst.code !== 0) {
        throw new StackError(`apt-get could not install ${pkgs.join(' ')}:\n${inst.stderr.trim().split('\n').slice(-5).join('\n')}`, `install them by hand: apt-get install -y ${pkgs.join(' ')}`)
      }
      tools = await locate()
      missing = (Object.keys(PACKAGES) as (keyof Tools)[]).filter((k) => !tools[k])
    }
    if (missing.length > 0) {
      throw new StackError(`missing: ${missing.join(', ')}`, `install them: sudo apt-get install -y ${pkgs.join(' ')}`)
    }
  }
  const jv = await run(tools.java!, ['-version'])
  const m = /version "(\d+)/.exec(jv.stderr + jv.stdout)
  if (!m || Number(m[1]) < 17) throw new StackError(`Java 17 or newer is needed (found: ${(jv.stderr.split('\n')[0] ?? '').trim()})`, 'apt-get install -y openjdk-17-jdk-headless')
  ok(`java ${m[1]}, maven, mariadb, redis found`)
  return tools as Tools
}
