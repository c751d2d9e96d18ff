import { randomUUID } from 'node:crypto'
import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import {
  ProblemError, classifyOutage, conflict, notFound, problems, signAdmissionToken, unavailable, IsoDateTime, Uuid, type ServiceApp,
} from '@concert/platform'
import { LIVE_STATUSES, saleState, viewToken } from '../domain/waiting-room.ts'
import { POSITION_ANSWER_AFTER_MS, positionStep } from '../domain/admission-control.ts'
import type { RoomWaiters } from '../jobs/room-waiters.ts'
import type { TokenTable, UserDatabase } from '../db/schema.ts'
import { schedulesOf } from '../db/schedules.ts'
import type { WaitingRoom } from '../db/waiting-room.ts'
import type { KeyRing } from '../db/signing-keys.ts'
import {
  adoptQueuedToken, discardWaitingToken, insertWaitingToken, leaveToken, markAdmitted, markExpired, tokenById,
} from '../db/tokens.ts'

const TokenView = Type.Object({
  tokenId: Uuid,
  performanceId: Uuid,
  status: Type.Union([Type.Literal('WAITING'), Type.Literal('ACTIVE'), Type.Literal('USED'), Type.Literal('EXPIRED')]),
  position: Type.Integer({ description: '1-based place in the queue while WAITING, else 0' }),
  etaSeconds: Type.Integer(),
  admissionToken: Type.Optional(Type.String({ description: 'Send as X-Queue-Token while ACTIVE' })),
  expiresAt: Type.Optional(IsoDateTime),
})

export interface TokenRouteOptions {
  db: Kysely<UserDatabase>
  room: WaitingRoom
  keys: KeyRing
  admitPerSecond: number
  admissionTtlSeconds: number
  /** Long-polls (`?wait=`) park here until the queue moves for them. */
  waiters: RoomWaiters
}

/** The longest a long-poll is held (seconds); the gateway's upstream timeout must exceed it. */
export const MAX_WAIT_SECONDS = 30

/** Redis away or restarting: the waiting room cannot answer (a bug in a script stays a 500). */
function roomUnavailable(error: unknown): never {
  const outage = classifyOutage(error)
  if (error instanceof ProblemError || !outage) throw error
  throw unavailable('WAITING_ROOM_UNAVAILABLE', 'The waiting room is briefly unavailable; retry in a few seconds', outage.retryAfterSeconds)
}

/** A join tries to queue at most this often: the second try follows clearing a stale Redis entry. */
const JOIN_ATTEMPTS = 2

export function tokenRoutes(app: ServiceApp, options: TokenRouteOptions): void {
  const { db, room, keys } = options

  /** The token as the client sees it, reconciling the history row with the live queue. */
  async function present(token: TokenTable) {
    const now = Date.now()
    const live = token.status === 'WAITING' || token.status === 'ACTIVE'
    const placement = live ? await room.placement(token.performance_id, token.id, now).catch(roomUnavailable) : { kind: 'gone' as const }
    const view = viewToken(token.status, placement, options.admitPerSecond, now)
    if (view.status !== token.status) {
      if (view.status === 'ACTIVE') {
        const admittedAt = new Date(view.expiresAt!.getTime() - options.admissionTtlSeconds * 1000)
        await markAdmitted(db, [token.id], admittedAt, view.expiresAt!)
      }
      else await markExpired(db, [token.id], new Date(now))
    }
    const admissionToken = view.status === 'ACTIVE'
      ? await signAdmissionToken(keys.signing, { userId: token.user_id, performanceId: token.performance_id, tokenId: token.id }, view.expiresAt!)
      : undefined
    return {
      tokenId: token.id,
      performanceId: token.performance_id,
      status: view.status,
      position: view.position,
      etaSeconds: view.etaSeconds,
      ...(admissionToken ? { admissionToken } : {}),
      ...(view.expiresAt ? { expiresAt: view.expiresAt.toISOString() } : {}),
    }
  }

  app.post('/tokens', {
    onRequest: [app.authenticate],
    config: { rateLimit: { max: 20, timeWindow: 60_000, keyGenerator: (request: { user?: { userId: string }, ip: string }) => request.user?.userId ?? request.ip } },
    schema: {
      tags: ['waiting room'],
      operationId: 'joinWaitingRoom',
      summary: 'Join the waiting room of a performance (or get your live token back)',
      security: [{ bearer: [] }],
      body: Type.Object({ performanceId: Uuid }, { additionalProperties: false }),
      response: { 200: TokenView, 201: TokenView, ...problems(400, 401, 429, { 404: ['PERFORMANCE_NOT_FOUND'], 409: ['PERFORMANCE_NOT_ON_SALE'], 503: ['WAITING_ROOM_UNAVAILABLE'] }) },
    },
  }, async (request, reply) => {
    const { performanceId } = request.body
    const { userId } = request.user
    const now = new Date()
    // Checked against the schedule read model before any queue or token row exists.
    switch (saleState(await schedulesOf(db, performanceId), now)) {
      case 'unknown': throw new ProblemError(404, 'PERFORMANCE_NOT_FOUND', `Performance ${performanceId} not found`)
      case 'not-on-sale': throw conflict('PERFORMANCE_NOT_ON_SALE', 'No schedule of this performance is on sale now')
      case 'on-sale': break
    }
    const token: TokenTable = {
      id: randomUUID(), user_id: userId, performance_id: performanceId, status: 'WAITING',
      created_at: now, activated_at: null, expires_at: null, ended_at: null,
    }
    // History first, queue second, so a queued token always has a row; a join that does not queue
    // its token takes the row back (joinQueue).
    await insertWaitingToken(db, token)
    const joined = await joinQueue(token)
    return reply.code(joined.id === token.id ? 201 : 200).send(await present(joined))
  })

  /**
   * Queues the new token unless the user already has a live one here, and returns the live token.
   * Nothing is left half-written: if Redis fails, the new row is discarded before the 503. The live
   * token Redis names is reconciled with MySQL: a row that is missing (a join whose reply was lost
   * queued it, then its row was discarded) is written again; a row that has ended (a leave or a
   * payment whose Redis step failed) means the Redis entry is stale: it is cleared and the join retried.
   */
  async function joinQueue(token: TokenTable): Promise<TokenTable> {
    for (let attempt = 1; ; attempt++) {
      const liveId = await room.join(token.performance_id, token.user_id, token.id, token.created_at.getTime())
        .catch(async (error: unknown) => {
          await discardWaitingToken(db, token.id).catch((cleanup: Error) =>
            app.log.warn({ tokenId: token.id, err: cleanup.message }, 'joining failed and its WAITING row could not be discarded'))
          return roomUnavailable(error)
        })
      if (liveId === token.id) return token
      const live = await tokenById(db, liveId)
      if (!live || LIVE_STATUSES.includes(live.status)) {
        await discardWaitingToken(db, token.id)
        return live ?? adoptQueuedToken(db, { id: liveId, user_id: token.user_id, performance_id: token.performance_id }, new Date())
      }
      if (attempt >= JOIN_ATTEMPTS) {
        await discardWaitingToken(db, token.id)
        throw unavailable('WAITING_ROOM_UNAVAILABLE', 'The waiting room is busy with this account; retry in a moment', 1)
      }
      await room.leave(token.performance_id, liveId).catch(async (error: unknown) => {
        await discardWaitingToken(db, token.id).catch(() => undefined)
        return roomUnavailable(error)
      })
    }
  }

  app.get('/tokens/:tokenId', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['waiting room'],
      operationId: 'getWaitingRoomToken',
      summary: 'Poll your place in the waiting room; ACTIVE tokens carry the admissionToken',
      description: 'With `wait` (seconds, at most 30) a WAITING token is answered when it becomes ACTIVE or ends, '
        + 'when its position has moved by a quarter (at least one place, not before 5 s), or when the wait runs out (the current position). '
        + 'Without it, the answer is immediate.',
      security: [{ bearer: [] }],
      params: Type.Object({ tokenId: Uuid }),
      querystring: Type.Object({
        wait: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_WAIT_SECONDS, description: 'Long-poll for up to this many seconds (leave it out for an immediate answer)' })),
      }),
      response: { 200: TokenView, ...problems(400, 401, 404, { 503: ['WAITING_ROOM_UNAVAILABLE'] }) },
    },
  }, async (request, reply) => {
    const token = await tokenById(db, request.params.tokenId)
    if (!token || token.user_id !== request.user.userId) throw notFound('Token')
    const { waiters } = options
    let since = waiters.cursor()
    let view = await present(token)
    const wait = request.query.wait
    if (wait === undefined || view.status !== 'WAITING') return view
    // A client that hangs up stops waiting (and stops counting as present).
    const gone = new AbortController()
    reply.raw.once('close', () => gone.abort())
    const started = Date.now()
    const deadline = started + wait * 1000
    const earliest = started + POSITION_ANSWER_AFTER_MS
    const from = view.position
    const step = positionStep(from)
    for (;;) {
      const moved = from - view.position
      if (moved >= step && Date.now() >= earliest) return view
      // Moved far enough but too soon: only the admission (or the end of the token) is answered before `earliest`.
      const until = moved >= step ? Math.min(deadline, earliest) : deadline
      const reason = await waiters.wait(token.performance_id, token.id, moved >= step ? Number.POSITIVE_INFINITY : step - moved, until - Date.now(), gone.signal, since)
      since = waiters.cursor()
      // The row too: a leave or a payment on another device ends the token in MySQL.
      view = await present(await tokenById(db, token.id) ?? token)
      // Answered because the instance is closing: the connection closes too, so the close need not
      // wait for the keep-alive timeout.
      if (reason === 'closing') void reply.header('connection', 'close')
      if (view.status !== 'WAITING' || reason === 'closing' || reason === 'aborted' || (reason === 'timeout' && until === deadline)) return view
    }
  })

  app.delete('/tokens/:tokenId', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['waiting room'],
      operationId: 'leaveWaitingRoom',
      summary: 'Leave the waiting room: the token ends and its admission (if any) is void; frees the slot',
      security: [{ bearer: [] }],
      params: Type.Object({ tokenId: Uuid }),
      response: { 204: Type.Null(), ...problems(400, 401, 404, { 503: ['WAITING_ROOM_UNAVAILABLE'] }) },
    },
  }, async (request, reply) => {
    const { tokenId } = request.params
    const left = await leaveToken(db, tokenId, request.user.userId, new Date())
    if (!left) throw notFound('Token')
    // After the commit, and also for a token that had already ended: a retry after a failed
    // Redis call still frees the slot.
    await room.leave(left.performanceId, tokenId).catch(roomUnavailable)
    return reply.code(204).send(null)
  })
}
