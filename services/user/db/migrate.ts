import { createDatabase, migrateToLatest } from '@concert/platform'
import { loadUserConfig } from '../config.ts'
import { migrations } from './migrations.ts'

const config = loadUserConfig()
const db = createDatabase({ url: config.DATABASE_URL, connectionLimit: 1 })
try {
  const applied = await migrateToLatest(db, migrations)
  console.log(applied.length ? `user-service: applied ${applied.join(', ')}` : 'user-service: schema is up to date')
} finally {
  await db.destroy()
}
