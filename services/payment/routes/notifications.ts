import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import { IsoDateTime, Page, PageQuery, Uuid, problems, type ServiceApp } from '@concert/platform'
import type { PaymentDatabase } from '../db/schema.ts'
import { paged } from './support.ts'

const NotificationView = Type.Object({
  notificationId: Uuid,
  type: Type.Union([Type.Literal('RESERVATION_HELD'), Type.Literal('PAYMENT_COMPLETED'), Type.Literal('REFUND_COMPLETED')]),
  title: Type.String(),
  body: Type.String(),
  referenceId: Type.String({ description: 'the reservation (RESERVATION_HELD) or payment (PAYMENT_COMPLETED) it is about' }),
  createdAt: IsoDateTime,
})

export function notificationRoutes(app: ServiceApp, db: Kysely<PaymentDatabase>): void {
  app.get('/notifications', {
    onRequest: [app.authenticate],
    schema: {
      tags: ['notifications'],
      operationId: 'listNotifications',
      summary: 'Your notifications, newest first',
      security: [{ bearer: [] }],
      querystring: PageQuery,
      response: { 200: Page(NotificationView), ...problems(400, 401) },
    },
  }, async (request) => {
    const mine = db.selectFrom('notification').where('user_id', '=', request.user.userId)
    return paged(request.query,
      async () => (await mine.select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      async (limit, offset) => {
        const rows = await mine.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute()
        return rows.map((row) => ({
          notificationId: row.id, type: row.type, title: row.title, body: row.body, referenceId: row.reference_id, createdAt: row.created_at.toISOString(),
        }))
      })
  })
}
