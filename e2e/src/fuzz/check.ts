/**
 * What every answer to a malformed request must be: never a 5xx or a dropped connection; never a 2xx
 * for an unsafe method (the case was built to be refused); every 4xx a problem+json whose `status`
 * is the HTTP status and whose `code` is stable; nothing of Fastify's internals or a stack trace in
 * the body; and the case's own expectation (status, code, the field named) when it has one.
 */
import type { FuzzCase } from './cases.ts'
import { showBody } from './json-text.ts'
import type { Outcome } from './send.ts'

export type FailureClass =
  | 'no answer' | '5xx' | 'malformed request accepted (2xx)' | '4xx not problem+json' | 'problem status ≠ HTTP status'
  | 'FST_ leaked' | 'stack trace leaked' | 'rate limited (429)' | '413 with Retry-After' | 'unexpected status' | 'unexpected code'
  | 'detail does not name the field'

export interface Failure {
  class: FailureClass
  fuzzCase: FuzzCase
  got: string
}

const STACK = /\n\s+at [^\n]+:\d+:\d+|node:internal|\bat (?:async )?[\w.<>]+ \([^)]*:\d+:\d+\)|\/(?:node_modules|services|platform)\/[^\s"]+\.(?:ts|js):\d+/
const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v)

export function checkOutcome(o: Outcome): Failure[] {
  const c = o.fuzzCase
  const fail = (cls: FailureClass, got: string): Failure => ({ class: cls, fuzzCase: c, got })
  if (!o.answer) return [fail('no answer', o.error ?? 'no answer')]
  const a = o.answer
  const contentType = header(a.headers['content-type']) ?? ''
  const got = `${a.status} ${contentType} ${a.text.slice(0, 300)}`
  const out: Failure[] = []
  if (a.status >= 500) out.push(fail('5xx', got))
  if (a.status >= 200 && a.status < 300 && c.method !== 'GET') out.push(fail('malformed request accepted (2xx)', got))
  if (a.text.includes('FST_')) out.push(fail('FST_ leaked', got))
  if (STACK.test(a.text)) out.push(fail('stack trace leaked', got))
  if (a.status === 429) out.push(fail('rate limited (429)', got))
  let problem: { status?: unknown; code?: unknown; detail?: unknown; type?: unknown; title?: unknown } | undefined
  if (a.status >= 400 && a.status < 500) {
    try {
      problem = JSON.parse(a.text)
    } catch {
      problem = undefined
    }
    const shaped = problem && typeof problem === 'object' && typeof problem.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(problem.code)
      && typeof problem.type === 'string' && typeof problem.title === 'string' && typeof problem.detail === 'string'
    if (!contentType.startsWith('application/problem+json') || !shaped) out.push(fail('4xx not problem+json', got))
    else if (problem!.status !== a.status) out.push(fail('problem status ≠ HTTP status', got))
    if (a.status === 413 && a.headers['retry-after'] !== undefined) out.push(fail('413 with Retry-After', `${got} (retry-after: ${header(a.headers['retry-after'])})`))
  }
  const e = c.expect
  if (e && a.status < 500) {
    if (!e.status.includes(a.status)) out.push(fail('unexpected status', `${got} (expected ${e.status.join('|')}${e.code ? ` ${e.code.join('|')}` : ''})`))
    else if (e.code && !e.code.includes(String(problem?.code))) out.push(fail('unexpected code', `${got} (expected ${e.code.join('|')})`))
    else if (e.detailNames && !String(problem?.detail ?? '').includes(e.detailNames)) out.push(fail('detail does not name the field', `${got} (expected the detail to name '${e.detailNames}')`))
  }
  return out
}

/** The request as it went out, tokens shown by whose they are. */
export function describeCase(c: FuzzCase, tokens: Record<string, string>): string {
  const redact = (v: string) => Object.entries(tokens).reduce((s, [who, token]) => (token ? s.split(token).join(`<${who}>`) : s), v)
  const headers = Object.entries(c.headers).map(([k, v]) => `${k}: ${redact(Array.isArray(v) ? v.join(' | ') : v)}`).join('; ')
  return `#${c.n} [${c.op}] ${c.kind} (auth ${c.auth})\n    ${c.method} ${c.path.length > 300 ? `${c.path.slice(0, 300)}… (${c.path.length} chars)` : c.path}\n    headers: ${headers}\n    body: ${showBody(c.body)}`
}

/** Failures grouped by class and operation family, with the first example of each. */
export function summarize(failures: Failure[], tokens: Record<string, string>): string[] {
  const groups = new Map<string, { count: number; first: Failure }>()
  for (const f of failures) {
    const family = f.fuzzCase.kind.split(/[ =]/)[0]
    const key = `${f.class} — ${f.fuzzCase.op} — ${family}`
    const g = groups.get(key)
    if (g) g.count++
    else groups.set(key, { count: 1, first: f })
  }
  return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))
    .map(([key, g]) => `${key}: ${g.count} case(s), e.g.\n  ${describeCase(g.first.fuzzCase, tokens)}\n    → ${g.first.got.replace(/\s+/g, ' ').slice(0, 400)}`)
}
