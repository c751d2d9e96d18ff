/**
 * Which service answers which path. The gateway forwards a path unchanged to the service owning its
 * first segment; everything else (health, docs, the merged OpenAPI document) is the gateway's own.
 */
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
  url: string
  prefixes: readonly string[]
}

export function upstreams(urls: Record<ServiceName, string>): Upstream[] {
  return SERVICE_NAMES.map((name) => ({ name, title: `${name}-service`, url: urls[name].replace(/\/+$/, ''), prefixes: ROUTES[name] }))
}

/** True when `path` is routed by one of `prefixes` (the prefix itself or below it, never `/usersX`). */
export function routedBy(prefixes: readonly string[], path: string): boolean {
  return prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))
}
