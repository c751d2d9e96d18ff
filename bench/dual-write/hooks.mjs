/**
 * ESM resolve hook: outbox/src/append.ts resolves to bench/dual-write/append.ts, whatever imports it
 * (the services import it through @concert/outbox's index). Nothing else changes.
 */
const target = new URL('../../outbox/src/append.ts', import.meta.url).href
const replacement = new URL('./append.ts', import.meta.url).href

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context)
  if (result.url.split('?')[0] === target) return { ...result, url: replacement }
  return result
}
