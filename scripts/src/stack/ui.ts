/** Console output for the stack commands: progress lines and expected failures with a fix. */

/** An expected failure: printed as "✗ what" + "  fix: ..." without a stack trace. */
export class StackError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message)
    this.name = 'StackError'
  }
}

let quiet = false
export const setQuiet = (q: boolean) => {
  quiet = q
}

export function step(msg: string): void {
  if (!quiet) console.log(`• ${msg}`)
}
export function ok(msg: string): void {
  if (!quiet) console.log(`  ✓ ${msg}`)
}
export function info(msg: string): void {
  if (!quiet) console.log(`  ${msg}`)
}
export function warn(msg: string): void {
  console.warn(`  ! ${msg}`)
}

/** Polls `check` until it returns true; prints a progress line every 5 s while waiting. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  opts: { timeoutMs: number; intervalMs?: number; onTimeout: () => StackError | Promise<StackError>; alive?: () => StackError | null },
): Promise<void> {
  const started = Date.now()
  const interval = opts.intervalMs ?? 200
  let shown = 0
  for (;;) {
    if (await check().catch(() => false)) return
    const dead = opts.alive?.()
    if (dead) throw dead
    const elapsed = Date.now() - started
    if (elapsed > opts.timeoutMs) throw await opts.onTimeout()
    const secs = Math.floor(elapsed / 5000) * 5
    if (!quiet && secs > shown) {
      console.log(`  … waiting for ${what} (${secs}s)`)
      shown = secs
    }
    await new Promise((r) => setTimeout(r, interval))
  }
}
