/**
 * `node --import=bench/dual-write/register.mjs …` (the stadium bench passes it in NODE_OPTIONS with
 * --dual-write): registers hooks.mjs, which hands every import of the outbox's append module the
 * dual-write replacement (append.ts). Plain JavaScript because it runs before tsx is registered.
 */
import { register } from 'node:module'

register('./hooks.mjs', import.meta.url)
