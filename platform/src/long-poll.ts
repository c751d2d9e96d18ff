import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { ChangeFeed } from './change-feed.ts'
import { badRequest } from './errors.ts'

/** The longest `?wait=` a route accepts; the gateway's upstream timeout allows for it. */
export const MAX_WAIT_SECONDS = 30

/** `?wait=<seconds>`: answer as soon as the state differs from the one the client names, or after this long. */
export const WaitSeconds = Type.Integer({
  minimum: 1,
  maximum: MAX_WAIT_SECONDS,
  description: `Long-poll: answer as soon as the status differs from \`status\` (the one you have), or after this many seconds (1–${MAX_WAIT_SECONDS}) with the current view. 200 either way. Leave it out for an immediate answer.`,
})

export interface LongPollOptions<V, S> {
  feed: ChangeFeed<S>
  /** Its 'close' before the answer means the client left: the wait ends without another read. */
  reply: FastifyReply
  /** `?wait=`; undefined or 0 answers at once, exactly like a plain read. */
  waitSeconds: number | undefined
  /** The view as the caller may see it; undefined when it does not exist or is someone else's (404 at once). */
  read: () => Promise<V | undefined>
  /** Whether the view already differs from what the client has. */
  differs: (view: V) => boolean
  /** What a change of this view is announced under, and the key `probe` reads it by. */
  keysOf: (view: V) => { keys: string[]; probeKey: string }
  /** The same test as `differs` on the probed state (undefined: gone, read it again). */
  done: (state: S | undefined) => boolean
}

/** A wait must name the status the client has: without it there is nothing to differ from. */
export function requireStatusWithWait(query: { wait?: number | undefined; status?: unknown }): void {
  if (query.wait !== undefined && query.wait > 0 && query.status === undefined) {
    throw badRequest('VALIDATION_FAILED', 'querystring/status is required with wait: name the status you have, the answer comes once it differs')
  }
}

/**
 * GET with an optional long-poll. The first read also checks ownership, so another user's id is a 404
 * before any wait. Then, unless the view already differs, the request waits on the feed (no query of
 * its own while it waits) and answers with a fresh read: changed, timed out, or the service closing.
 */
export async function longPoll<V, S>(o: LongPollOptions<V, S>): Promise<V | undefined> {
  const after = o.feed.cursor()
  const view = await o.read()
  if (!view || !o.waitSeconds || o.differs(view)) return view
  const left = new AbortController()
  const onClose = () => left.abort()
  o.reply.raw.once('close', onClose)
  try {
    const why = await o.feed.wait({ ...o.keysOf(view), timeoutMs: o.waitSeconds * 1000, done: o.done, after, signal: left.signal })
    if (why === 'aborted') return view
    // The server is closing: without this the client's keep-alive connection would hold it open
    // (server.close() waits for connections that go idle after it was called).
    if (why === 'closing') void o.reply.header('connection', 'close')
    return await o.read()
  } finally {
    o.reply.raw.off('close', onClose)
  }
}
