import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import {
  IdempotencyHeaders, IsoDateTime, Page, PageQuery, Uuid, idempotent, notFound, problems, unprocessable, type ServiceApp,
} from '@concert/platform'
import { BALANCE_CAP, CHARGE_MAX, CHARGE_MIN, charge } from '../domain/points.ts'
import type { Balances } from '../db/balances.ts'
import { lockOrCreatePoint, recordPointMovement, type BalanceSnapshot } from '../db/points.ts'
import type { PaymentDatabase } from '../db/schema.ts'
import { paged, retryDeadlocks } from './support.ts'

const ChargeBody = Type.Object(
  { amount: Type.Integer({ minimum: CHARGE_MIN, maximum: CHARGE_MAX, description: 'KRW' }) },
  { additionalProperties: false },
)
const Charged = Type.Object({ userId: Uuid, balance: Type.Integer(), transactionId: Uuid })
const BalanceView = Type.Object({
  userId: Uuid,
  balance: Type.Integer(),
  updatedAt: Type.Union([IsoDateTime, Type.Null()], { description: 'null until the first charge' }),
})
const TransactionView = Type.Object({
  transactionId: Uuid,
  type: Type.Union([Type.Literal('CHARGE'), Type.Literal('USE'), Type.Literal('REFUND')]),
  amount: Type.Integer(),
  balanceAfter: Type.Integer(),
  paymentId: Type.Optional(Uuid),
  createdAt: IsoDateTime,
})
const UserParams = Type.Object({ userId: Uuid })

export function pointRoutes(app: ServiceApp, db: Kysely<PaymentDatabase>, balances: Balances): void {
  app.post('/points/charge', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['points'],
      operationId: 'chargePoints',
      summary: 'Charge your points',
      description: `Adds 1..${CHARGE_MAX.toLocaleString('en-US')} KRW; a balance may not exceed ${BALANCE_CAP.toLocaleString('en-US')} (422 BALANCE_LIMIT_EXCEEDED).`,
      security: [{ bearer: [] }],
      headers: IdempotencyHeaders,
      body: ChargeBody,
      response: { 200: Charged, ...problems(400, 401, { 422: ['BALANCE_LIMIT_EXCEEDED'] }) },
    },
  }, async (request, reply) => {
    const { userId } = request.user
    const { amount } = request.body
    let committed: BalanceSnapshot | undefined
    const result = await retryDeadlocks(() =>
      idempotent(db, { userId, key: request.headers['idempotency-key'], fingerprint: ['POST /points/charge', request.body] }, async (trx) => {
        const point = await lockOrCreatePoint(trx, userId)
        const change = charge(point.balance, amount)
        if (!change.ok) {
          throw unprocessable('BALANCE_LIMIT_EXCEEDED', `A balance may not exceed ${BALANCE_CAP} points; you have ${point.balance}`)
        }
        const { transactionId, snapshot } = await recordPointMovement(trx, point, { type: 'CHARGE', amount, balance: change.balance })
        committed = snapshot
        return { status: 200, body: { userId, balance: change.balance, transactionId } }
      }))
    if (committed && !result.replayed) await balances.refresh(committed)
    return reply.code(200).send(result.body)
  })

  app.get('/points/:userId', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['points'],
      operationId: 'getPointBalance',
      summary: 'Your point balance',
      security: [{ bearer: [] }],
      params: UserParams,
      response: { 200: BalanceView, ...problems(400, 401, 404) },
    },
  }, async (request) => {
    const { userId } = request.params
    if (userId !== request.user.userId) throw notFound('Points')
    const view = await balances.read(userId)
    return { userId, balance: view.balance, updatedAt: view.updatedAt?.toISOString() ?? null }
  })

  app.get('/points/:userId/transactions', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['points'],
      operationId: 'listPointTransactions',
      summary: 'Your charges, uses and refunds, newest first',
      security: [{ bearer: [] }],
      params: UserParams,
      querystring: PageQuery,
      response: { 200: Page(TransactionView), ...problems(400, 401, 404) },
    },
  }, async (request) => {
    const { userId } = request.params
    if (userId !== request.user.userId) throw notFound('Points')
    const mine = db.selectFrom('point_transaction').where('user_id', '=', userId)
    return paged(request.query,
      async () => (await mine.select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      async (limit, offset) => {
        const rows = await mine.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute()
        return rows.map((row) => ({
          transactionId: row.id,
          type: row.type,
          amount: row.amount,
          balanceAfter: row.balance_after,
          ...(row.payment_id ? { paymentId: row.payment_id } : {}),
          createdAt: row.created_at.toISOString(),
        }))
      })
  })
}
