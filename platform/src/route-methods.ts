import type { FastifyInstance } from 'fastify'

/**
 * Which methods an app answers on a path, so a wrong method on a known path is a 405 with `Allow`
 * instead of a 404. Fastify's router only says "no route"; this keeps its own table of the route
 * patterns (`/users/:userId`, `/docs/*`) from the onRoute hook and is consulted only on a miss.
 */
export class RouteMethods {
  private readonly routes: Array<{ pattern: RegExp; methods: Set<string> }> = []

  /** Must run before routes are added: onRoute hooks see only routes registered after them. */
  static track(app: FastifyInstance<any, any, any, any, any>): RouteMethods {
    const table = new RouteMethods()
    app.addHook('onRoute', (route) => {
      const url = route.url ?? route.path
      // A catch-all (CORS preflight on `*`) says nothing about which paths exist.
      if (url === '*' || url === '/*') return
      table.add(url, Array.isArray(route.method) ? route.method : [route.method])
    })
    return table
  }

  add(url: string, methods: readonly string[]): void {
    const pattern = toRegExp(url)
    let entry = this.routes.find((route) => route.pattern.source === pattern.source)
    if (!entry) this.routes.push(entry = { pattern, methods: new Set() })
    for (const method of methods) entry.methods.add(method.toUpperCase())
    if (entry.methods.has('GET')) entry.methods.add('HEAD')
  }

  /** The methods some route answers on `path` (a request path, query string excluded), sorted. */
  allowed(path: string): string[] {
    const found = new Set<string>()
    for (const route of this.routes) {
      if (route.pattern.test(path)) for (const method of route.methods) found.add(method)
    }
    return [...found].sort()
  }
}

/** `/a/:id/b` → `^/a/[^/]+/b/?$`; `/docs/*` → `^/docs/.*$`; regex-constrained params count as any segment. */
function toRegExp(url: string): RegExp {
  let source = ''
  for (let i = 0; i < url.length; i++) {
    const char = url[i]!
    if (char === ':' && url[i + 1] === ':') {
      source += ':'
      i++
    } else if (char === ':') {
      while (/\w/.test(url[i + 1] ?? '')) i++
      // a regex constraint, `:id(^\\d+$)`, is skipped whole: any segment counts
      for (let depth = 0; url[i + 1] === '(' || depth > 0;) {
        i++
        if (url[i] === '(') depth++
        else if (url[i] === ')') depth--
        if (i >= url.length) break
      }
      source += '[^/]+'
    } else if (char === '*') {
      source += '.*'
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    }
  }
  return new RegExp(`^${source.replace(/\/$/, '')}/?$`)
}
