import type { FastifyInstance } from 'fastify'
import { ProblemError } from './errors.ts'

const isJsonSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09

/**
 * The first key that appears twice in one object of `text`, which must already be valid JSON
 * (JSON.parse keeps the last value silently, so `{"role":"user","role":"admin"}` would mean
 * whatever the last parser in a chain decides). One linear pass: strings are skipped whole with
 * indexOf, a string followed by `:` is a key of the innermost open object. Escaped keys are compared
 * decoded, so `"a"` and `"\u0061"` are the same key.
 */
export function duplicateKey(text: string): string | undefined {
  const objects: Array<Set<string>> = []
  const length = text.length
  // The next backslash at or after the current string: strings before it cannot contain escapes.
  let backslash = -1
  let i = 0
  while (i < length) {
    const c = text.charCodeAt(i)
    if (c === 0x22 /* " */) {
      if (backslash < i) {
        backslash = text.indexOf('\\', i)
        if (backslash === -1) backslash = length
      }
      let end = text.indexOf('"', i + 1)
      const escaped = backslash < end
      // A quote after an odd run of backslashes belongs to the string.
      while (escaped) {
        let run = 0
        while (text.charCodeAt(end - 1 - run) === 0x5c) run++
        if (run % 2 === 0 || end === -1) break
        end = text.indexOf('"', end + 1)
      }
      if (end === -1) return undefined // not valid JSON after all; the parser has said so already
      let next = end + 1
      while (isJsonSpace(text.charCodeAt(next))) next++
      if (text.charCodeAt(next) === 0x3a /* : */) {
        const key: string = escaped ? JSON.parse(text.slice(i, end + 1)) : text.slice(i + 1, end)
        const keys = objects[objects.length - 1]!
        if (keys.has(key)) return key
        keys.add(key)
      }
      i = end + 1
    } else {
      if (c === 0x7b /* { */) objects.push(new Set())
      else if (c === 0x7d /* } */) objects.pop()
      i++
    }
  }
  return undefined
}

// Keys are echoed in the problem only when they are plain identifiers: anything else is the client's text.
const SHOWABLE = /^[A-Za-z0-9_.-]{1,64}$/

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
// Only an escape can put a surrogate into valid UTF-8 JSON text, so most bodies skip the walk.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/

/** True when some string (value or key) in `value` holds half of a UTF-16 surrogate pair. */
function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value)
  if (Array.isArray(value)) return value.some(hasLoneSurrogate)
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, v]) => LONE_SURROGATE.test(key) || hasLoneSurrogate(v))
  }
  return false
}

const badEncoding = () => new ProblemError(400, 'BAD_ENCODING', 'The request body is not valid UTF-8 text (or holds an unpaired surrogate escape)')

/**
 * application/json bodies: strict UTF-8 (invalid bytes would otherwise be stored as U+FFFD, and a
 * lone surrogate escape breaks MariaDB's JSON and utf8mb4 columns), then Fastify's own parser (which
 * refuses `__proto__` and `constructor.prototype` keys), then a duplicate key anywhere is
 * 400 DUPLICATE_JSON_KEY.
 */
export function strictJsonBodies(app: FastifyInstance<any, any, any, any, any>): void {
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, raw, done) => {
    let text: string
    try {
      text = utf8.decode(raw as Buffer)
    } catch {
      return done(badEncoding(), undefined)
    }
    parse(request, text, (error, value) => {
      if (error) return done(error, undefined)
      if (SURROGATE_ESCAPE.test(text) && hasLoneSurrogate(value)) return done(badEncoding(), undefined)
      const duplicate = duplicateKey(text)
      if (duplicate === undefined) return done(null, value)
      const which = SHOWABLE.test(duplicate) ? `the key '${duplicate}'` : 'a key'
      done(new ProblemError(400, 'DUPLICATE_JSON_KEY', `The request body has ${which} more than once in one object`), undefined)
    })
  })
}
