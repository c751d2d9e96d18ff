/**
 * Which service answers which path. The gateway forwards a path unchanged to the service owning its
 * first segment; everything else (health, docs, the merged OpenAPI document) is the gateway's own.
 */
import { InstancePool } from './balancer.ts'

export type ServiceName = 'user' | 'concert' | 'order' | 'payment' | 'review'

export const ROUTES: Readonly<Record<ServiceName, readonly string[]>> = {
  user: ['/users', '/sessions', '/tokens', '/.well-known'],
  concert: ['/performances', '/schedules', '/seats', '/venues'],
  order: ['/reservations'],
  payment: ['/payments', '/points', '/notifications'],
  review: ['/reviews'],
}

export const SERVICE_NAMES = Object.keys(ROUTES) as ServiceName[]

export interface Upstream {
  name: ServiceName
  /** `user-service`: the tag its operations get in the merged OpenAPI document */
  title: string
  /** its instances and which of them take requests */
  pool: InstancePool
  prefixes: readonly string[]
}

/**
 * A service's instances from its setting: one URL, or several separated by commas
 * (`http://127.0.0.1:3003,http://127.0.0.1:3013`). Only the origin counts: paths reach the service unchanged.
 */
export function instanceUrls(setting: string): string[] {
  const urls = setting.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    let url: URL
    try {
      url = new URL(part)
    } catch {
      throw new Error(`"${part}" is not a URL`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`"${part}" is not an http(s) URL`)
    return url.origin
  })
  if (urls.length === 0) throw new Error('no instance URL given')
  if (new Set(urls).size !== urls.length) throw new Error('an instance is listed twice')
  return urls
}

export function upstreams(instances: Record<ServiceName, readonly string[]>, probeFailuresToTakeOut?: number): Upstream[] {
  return SERVICE_NAMES.map((name) => ({ name, title: `${name}-service`, pool: new InstancePool(instances[name], probeFailuresToTakeOut), prefixes: ROUTES[name] }))
}

/** True when `path` is routed by one of `prefixes` (the prefix itself or below it, never `/usersX`). */
export function routedBy(prefixes: readonly string[], path: string): boolean {
  return prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))
}
