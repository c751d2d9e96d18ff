/**
 * JSON bodies the way an attacker writes them: mostly ordinary values, with `Raw` pieces spliced in
 * verbatim — numbers JavaScript cannot hold (1e400), invalid UTF-8 bytes, lone surrogates, nesting
 * thousands deep — which JSON.stringify could never produce.
 */
export class Raw {
  readonly bytes: Buffer
  constructor(text: string | Buffer) {
    this.bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text
  }
}

/** A string literal whose content bytes are `inner` as given (possibly not UTF-8). */
export const rawString = (inner: Buffer | string) => new Raw(Buffer.concat([Buffer.from('"'), Buffer.from(inner), Buffer.from('"')]))

export function jsonBytes(value: unknown): Buffer {
  const parts: Buffer[] = []
  const write = (v: unknown) => {
    if (v instanceof Raw) parts.push(v.bytes)
    else if (Array.isArray(v)) {
      parts.push(Buffer.from('['))
      v.forEach((item, i) => {
        if (i) parts.push(Buffer.from(','))
        write(item)
      })
      parts.push(Buffer.from(']'))
    } else if (v !== null && typeof v === 'object') {
      parts.push(Buffer.from('{'))
      Object.entries(v).forEach(([k, item], i) => {
        if (i) parts.push(Buffer.from(','))
        parts.push(Buffer.from(`${JSON.stringify(k)}:`))
        write(item)
      })
      parts.push(Buffer.from('}'))
    } else parts.push(Buffer.from(JSON.stringify(v) ?? 'null'))
  }
  write(value)
  return Buffer.concat(parts)
}

/** How a body looks in a failure report: text, with bytes that are not UTF-8 shown as \xNN, cut short. */
export function showBody(body: Buffer | undefined, max = 400): string {
  if (!body) return '(none)'
  const head = body.subarray(0, max)
  let text = ''
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!
    text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`
  }
  return body.length > max ? `${text}… (${body.length} bytes)` : text
}

export function setAt(target: unknown, path: ReadonlyArray<string | number>, value: unknown): void {
  let node = target as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  node[path[path.length - 1]!] = value
}

export function deleteAt(target: unknown, path: ReadonlyArray<string | number>): void {
  let node = target as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  delete node[path[path.length - 1]!]
}
