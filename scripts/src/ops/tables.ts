/** Plain-text tables and small formatting helpers for `pnpm ops` (colour only on a TTY, never with NO_COLOR). */

const useColor = () => process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb'

const wrap = (code: number) => (s: string) => (useColor() ? `\x1b[${code}m${s}\x1b[0m` : s)
export const red = wrap(31)
export const green = wrap(32)
export const yellow = wrap(33)
export const dim = wrap(2)
export const bold = wrap(1)

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g
const visible = (s: string) => s.replace(ANSI, '').length

export type Align = 'left' | 'right'

/**
 * Renders rows under a header, columns padded to the widest cell. Numeric columns can be right-aligned.
 * An empty `rows` prints the header and a "(none)" line so the section is never silently missing.
 */
export function table(header: string[], rows: string[][], align: Align[] = []): string {
  const widths = header.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat(Math.max(0, widths[i]! - visible(c)))
        return align[i] === 'right' ? pad + c : c + pad
      })
      .join('  ')
      .trimEnd()
  const out = [bold(line(header)), ...rows.map(line)]
  if (rows.length === 0) out.push(dim('(none)'))
  return out.join('\n')
}

/** A section title: "── Connectors ──". */
export const heading = (title: string) => bold(`── ${title} ${'─'.repeat(Math.max(3, 60 - title.length))}`)

/** Colours a state word: green for healthy, red for failed, yellow for anything in between. */
export function state(s: string): string {
  if (/^(RUNNING|up|ready|ok|Stable)$/.test(s)) return green(s)
  if (/^(FAILED|MISSING|down|unavailable|unreachable|no answer|UNASSIGNED)$/.test(s)) return red(s)
  if (/^(not running|Empty|-)$/.test(s)) return dim(s)
  return yellow(s)
}

/** "3s", "4m", "2h 5m", "3d 4h" */
export function age(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-'
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h}h ${m % 60}m`
  return `${Math.floor(h / 24)}d ${h % 24}h`
}

/** Cuts a cell to `max` characters (errors and traces), on one line. */
export function clip(s: string | undefined | null, max = 80): string {
  if (s === undefined || s === null || s === '') return '-'
  const one = s.replace(/\s+/g, ' ').trim()
  return one.length > max ? `${one.slice(0, max - 1)}…` : one
}

export const firstLine = (s: string | undefined): string | undefined => s?.split('\n').find((l) => l.trim() !== '')?.trim()
