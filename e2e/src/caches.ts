/** The services' Redis caches compared with MySQL: shared with `pnpm ops check` (@concert/scripts/invariants). */
export { concertCache, holdBoard, paymentCache, reviewCache } from '@concert/scripts/invariants'
