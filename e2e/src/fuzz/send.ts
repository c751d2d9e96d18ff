/**
 * Sends fuzz cases exactly as built — request line, headers and body bytes untouched (fetch would
 * normalise the path and refuse some of it) — with bounded concurrency and a bounded total time.
 */
import { Agent, request } from 'node:http'
import type { FuzzCase } from './cases.ts'

export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  ms: number
}

export interface Outcome {
  fuzzCase: FuzzCase
  answer?: Answer
  /** no answer: the connection failed or timed out */
  error?: string
}

export interface SendOptions {
  baseUrl: string
  concurrency: number
  /** no new request starts after this; cases not sent are reported */
  budgetMs: number
  requestTimeoutMs?: number
  /** headers added to every case (the client address) */
  extraHeaders?: (c: FuzzCase) => Record<string, string>
}

function sendOne(agent: Agent | false, base: URL, c: FuzzCase, headers: Record<string, string | string[]>, timeoutMs: number): Promise<Answer> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const req = request({
      host: base.hostname,
      port: base.port,
      method: c.method,
      path: c.path,
      agent,
      headers: { ...headers, ...(c.body ? { 'content-length': String(c.body.length) } : {}) },
      timeout: timeoutMs,
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    // A server may answer (413) and close before taking the whole body: that answer counts.
    req.on('error', reject)
    req.end(c.body)
  })
}

export async function sendAll(cases: FuzzCase[], options: SendOptions): Promise<{ outcomes: Outcome[]; unsent: number; elapsedMs: number }> {
  const base = new URL(options.baseUrl)
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency })
  const deadline = Date.now() + options.budgetMs
  const started = Date.now()
  const outcomes: Outcome[] = []
  let next = 0
  let unsent = 0
  const worker = async () => {
    for (;;) {
      const i = next++
      if (i >= cases.length) return
      if (Date.now() > deadline) {
        unsent++
        continue
      }
      const c = cases[i]!
      const headers = { ...c.headers, ...options.extraHeaders?.(c) }
      // Big bodies get their own connection, so a server closing it early cannot hit a pooled request.
      const big = (c.body?.length ?? 0) > 512 * 1024
      try {
        outcomes.push({ fuzzCase: c, answer: await sendOne(big ? false : agent, base, c, headers, options.requestTimeoutMs ?? 20_000) })
      } catch (error) {
        outcomes.push({ fuzzCase: c, error: (error as Error).message })
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  agent.destroy()
  outcomes.sort((a, b) => a.fuzzCase.n - b.fuzzCase.n)
  return { outcomes, unsent, elapsedMs: Date.now() - started }
}
