/** The five services of the platform and the names of their databases, accounts and Redis users. */
export const SERVICES = ['user', 'concert', 'order', 'payment', 'review'] as const
export type Service = (typeof SERVICES)[number]

/** database name = MySQL account name */
export const databaseOf = (s: Service) => `${s}_service`
/** Redis ACL user; its keys and channels are restricted to `<service>:*` */
export const redisUserOf = (s: Service) => s
export const connectorOf = (s: Service) => `${s}-outbox`
/** distinct binlog client server ids, away from the MariaDB server's own id (1) */
export const serverIdOf = (s: Service) => 5401 + SERVICES.indexOf(s)
export const envPrefixOf = (s: Service) => s.toUpperCase()
