import { migrateCommand } from '@concert/platform'
import { loadPaymentConfig } from '../config.ts'
import { migrations } from './migrations.ts'

await migrateCommand('payment-service', loadPaymentConfig().DATABASE_URL, migrations)
