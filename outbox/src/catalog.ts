/**
 * The event catalog (SPEC §6): every domain event, the topic it is published on, the payload field that
 * is its Kafka key (the outbox `aggregateid`), and its payload schema. Producers validate with it in
 * `appendEvent`, consumers validate with it before a handler runs, so both ends share one definition.
 *
 * Conventions: ids are UUID strings (services use UUIDv7 CHAR(36) ids), except seat ids, which are
 * concert-service auto-increment numbers (positive integers). Money and points are integer KRW.
 * Timestamps are ISO 8601 strings. Every payload carries `occurredAt`. Schemas are strict
 * (`additionalProperties: false`) so producers cannot drift from the contract.
 */
import { Type, type Static, type TSchema } from 'typebox'
import { Compile } from 'typebox/compile'

const Id = Type.String({ format: 'uuid' })
const SeatId = Type.Integer({ minimum: 1 })
const SeatIds = Type.Array(SeatId, { minItems: 1, maxItems: 4, uniqueItems: true })
const Timestamp = Type.String({ format: 'date-time' })
const Krw = Type.Integer({ minimum: 0 })
const Reason = Type.String({ minLength: 1, maxLength: 255 })

function payload<P extends Record<string, TSchema>>(properties: P) {
  return Type.Object({ ...properties, occurredAt: Timestamp }, { additionalProperties: false })
}

export const SeatReservedEvent = payload({
  reservationId: Id,
  orderId: Id,
  userId: Id,
  performanceId: Id,
  scheduleId: Id,
  seatIds: SeatIds,
  reservedAt: Timestamp,
  expiresAt: Timestamp,
})

export const ReservationConfirmedEvent = payload({
  reservationId: Id,
  userId: Id,
  performanceId: Id,
  scheduleId: Id,
  seatIds: SeatIds,
  seats: Type.Array(Type.Object({ seatId: SeatId, price: Krw }, { additionalProperties: false }), {
    minItems: 1,
    maxItems: 4,
  }),
  amount: Krw,
  scheduleEndsAt: Timestamp,
})

export const ReservationRollbackEvent = payload({
  reservationId: Id,
  reason: Reason,
})

export const ReservationExpiredEvent = payload({
  reservationId: Id,
  scheduleId: Id,
  seatIds: SeatIds,
  expiredAt: Timestamp,
})

export const ReservationCancelledEvent = payload({
  reservationId: Id,
  scheduleId: Id,
  seatIds: SeatIds,
  reason: Reason,
})

export const ReservationPaidEvent = payload({
  reservationId: Id,
  orderId: Id,
  userId: Id,
  performanceId: Id,
  scheduleId: Id,
  seatIds: SeatIds,
  scheduleEndsAt: Timestamp,
  paidAt: Timestamp,
  /** the waiting-room admission the hold was made with (absent in events written before it existed) */
  admissionTokenId: Type.Optional(Id),
})

export const PaymentRequestedEvent = payload({
  paymentId: Id,
  orderId: Id,
  userId: Id,
  requestedAt: Timestamp,
})

export const OrderStatusUpdatedEvent = payload({
  orderId: Id,
  status: Type.Union([Type.Literal('PAYMENT_PROCESSING'), Type.Literal('PAYMENT_REJECTED')]),
  updatedAt: Timestamp,
  paymentId: Id,
  userId: Id,
  reservationId: Id,
  amount: Krw,
  reason: Type.Optional(Reason),
})

export const PaymentCompletedEvent = payload({
  paymentId: Id,
  orderId: Id,
  reservationId: Id,
  userId: Id,
  amount: Krw,
  paymentDate: Timestamp,
})

export const OrderRollbackEvent = payload({
  orderId: Id,
  paymentId: Id,
  reason: Reason,
})

export const PointDeductedEvent = payload({
  userId: Id,
  pointId: Id,
  amount: Krw,
  transactionDate: Timestamp,
  paymentId: Id,
  orderId: Id,
})

export const PaymentRollbackEvent = payload({
  paymentId: Id,
  orderId: Id,
  reason: Reason,
})

export const PointRollbackEvent = payload({
  pointId: Id,
  userId: Id,
  amount: Krw,
  reason: Reason,
  paymentId: Id,
  orderId: Id,
})

/**
 * A schedule was created in concert-service (schedules are immutable once created). Order-service and
 * user-service keep read models of it so they can check, without a call, that a hold or a waiting-room
 * join is for a real schedule of the admission's performance and inside its booking window.
 */
export const ScheduleCreatedEvent = payload({
  scheduleId: Id,
  performanceId: Id,
  startsAt: Timestamp,
  endsAt: Timestamp,
  bookingOpensAt: Timestamp,
})

/**
 * A waiting-room admission ended before its expiry: the fan left, or it was used by a completed
 * purchase. Order-service refuses new holds with an ended admission.
 */
export const AdmissionEndedEvent = payload({
  tokenId: Id,
  userId: Id,
  performanceId: Id,
  reason: Type.Union([Type.Literal('LEFT'), Type.Literal('USED'), Type.Literal('EXPIRED')]),
  endedAt: Timestamp,
})

/**
 * The refund saga (issue 11): the owner cancelled a paid booking before the cancellation deadline.
 * Order-service moved the order PAID → REFUND_REQUESTED; payment-service refunds the points,
 * concert-service frees the seats, review-service withdraws the attendance. Carries every fact those
 * steps need, so none of them has to ask order-service.
 */
export const RefundRequestedEvent = payload({
  orderId: Id,
  reservationId: Id,
  paymentId: Id,
  userId: Id,
  performanceId: Id,
  scheduleId: Id,
  seatIds: SeatIds,
  amount: Krw,
  reason: Reason,
  requestedAt: Timestamp,
})

/** payment-service gave the points back (a REFUND point transaction) and the payment is REFUNDED. */
export const PaymentRefundedEvent = payload({
  paymentId: Id,
  orderId: Id,
  reservationId: Id,
  userId: Id,
  /** the REFUND point transaction */
  pointId: Id,
  amount: Krw,
  refundedAt: Timestamp,
})

/**
 * concert-service answered a RefundRequestedEvent: the seats the reservation still held or had bought
 * are AVAILABLE again (`releasedSeatIds`, empty when none was left to free, so the saga still ends).
 */
export const RefundSeatsReleasedEvent = payload({
  reservationId: Id,
  orderId: Id,
  scheduleId: Id,
  seatIds: SeatIds,
  releasedSeatIds: Type.Array(SeatId, { maxItems: 4, uniqueItems: true }),
  releasedAt: Timestamp,
})

interface CatalogEntry<S extends TSchema, K extends string> {
  readonly topic: string
  /** payload field whose value is the outbox `aggregateid` and the Kafka record key */
  readonly key: K
  /** outbox `aggregatetype` */
  readonly aggregateType: string
  readonly schema: S
}

function entry<S extends TSchema, K extends keyof Static<S> & string>(
  topic: string,
  key: K,
  aggregateType: string,
  schema: S,
): CatalogEntry<S, K> {
  return { topic, key, aggregateType, schema }
}

export const EVENT_CATALOG = {
  SeatReservedEvent: entry('reservation-topic', 'reservationId', 'reservation', SeatReservedEvent),
  ReservationConfirmedEvent: entry(
    'reservation-confirmed-topic',
    'reservationId',
    'reservation',
    ReservationConfirmedEvent,
  ),
  ReservationRollbackEvent: entry(
    'reservation-rollback-topic',
    'reservationId',
    'reservation',
    ReservationRollbackEvent,
  ),
  ReservationExpiredEvent: entry('reservation-topic', 'reservationId', 'reservation', ReservationExpiredEvent),
  ReservationCancelledEvent: entry('reservation-topic', 'reservationId', 'reservation', ReservationCancelledEvent),
  ReservationPaidEvent: entry('reservation-topic', 'reservationId', 'reservation', ReservationPaidEvent),
  PaymentRequestedEvent: entry('payment-topic', 'orderId', 'order', PaymentRequestedEvent),
  OrderStatusUpdatedEvent: entry('order-topic', 'orderId', 'order', OrderStatusUpdatedEvent),
  PaymentCompletedEvent: entry('payment-topic', 'orderId', 'order', PaymentCompletedEvent),
  OrderRollbackEvent: entry('order-rollback-topic', 'orderId', 'order', OrderRollbackEvent),
  PointDeductedEvent: entry('point-topic', 'orderId', 'order', PointDeductedEvent),
  PaymentRollbackEvent: entry('payment-rollback-topic', 'orderId', 'order', PaymentRollbackEvent),
  PointRollbackEvent: entry('point-rollback-topic', 'orderId', 'order', PointRollbackEvent),
  ScheduleCreatedEvent: entry('schedule-topic', 'scheduleId', 'schedule', ScheduleCreatedEvent),
  AdmissionEndedEvent: entry('admission-topic', 'tokenId', 'admission', AdmissionEndedEvent),
  RefundRequestedEvent: entry('refund-topic', 'orderId', 'order', RefundRequestedEvent),
  PaymentRefundedEvent: entry('payment-refund-topic', 'orderId', 'order', PaymentRefundedEvent),
  RefundSeatsReleasedEvent: entry('seat-release-topic', 'orderId', 'order', RefundSeatsReleasedEvent),
} as const

export type EventCatalog = typeof EVENT_CATALOG
export type EventName = keyof EventCatalog
export type EventPayload<N extends EventName> = Static<EventCatalog[N]['schema']>
/** A decoded event: discriminated by `type`. */
export type DomainEvent = { [N in EventName]: { type: N; payload: EventPayload<N> } }[EventName]

export const EVENT_NAMES = Object.keys(EVENT_CATALOG) as EventName[]

/** Every topic some catalog event is published on (sorted, unique). */
export const CATALOG_TOPICS: readonly string[] = [...new Set(EVENT_NAMES.map((n) => EVENT_CATALOG[n].topic))].sort()

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENT_CATALOG, name)
}

const compiled = Object.fromEntries(EVENT_NAMES.map((n) => [n, Compile(EVENT_CATALOG[n].schema)])) as {
  [N in EventName]: ReturnType<typeof Compile<EventCatalog[N]['schema']>>
}

export interface PayloadError {
  path: string
  message: string
}

/** Validates a payload against its catalog schema; returns the errors (empty when valid). */
export function payloadErrors(name: EventName, value: unknown): PayloadError[] {
  const validator = compiled[name]
  if (validator.Check(value)) return []
  return [...validator.Errors(value)].slice(0, 10).map((e) => ({ path: e.instancePath || '/', message: e.message }))
}

export function isValidPayload<N extends EventName>(name: N, value: unknown): value is EventPayload<N> {
  return compiled[name].Check(value)
}

/** Thrown when a payload does not match its catalog schema (a programmer error on the producer side). */
export class EventValidationError extends Error {
  override readonly name = 'EventValidationError'
  constructor(
    readonly eventType: string,
    readonly errors: PayloadError[],
  ) {
    super(`invalid ${eventType} payload: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`)
  }
}

/** Asserts a payload matches its catalog schema, throwing `EventValidationError` otherwise. */
export function assertPayload<N extends EventName>(name: N, value: unknown): asserts value is EventPayload<N> {
  const errors = payloadErrors(name, value)
  if (errors.length > 0) throw new EventValidationError(name, errors)
}
