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

/**
 * application/json bodies: Fastify's own parser (which refuses `__proto__` and `constructor.prototype`
 * keys), then a duplicate key anywhere is 400 DUPLICATE_JSON_KEY.
 */
export function strictJsonBodies(app: FastifyInstance<any, any, any, any, any>): void {
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parse(request, body as string, (error, value) => {
      if (error) return done(error, undefined)
      const duplicate = duplicateKey(body as string)
      if (duplicate === undefined) return done(null, value)
      const which = SHOWABLE.test(duplicate) ? `the key '${duplicate}'` : 'a key'
      done(new ProblemError(400, 'DUPLICATE_JSON_KEY', `The request body has ${which} more than once in one object`), undefined)
    })
  })
}
