/**
 * A venue's layout (its sections) and the seats it produces for each schedule. Pure: no I/O.
 */
export interface Section {
  name: string
  rows: number
  seatsPerRow: number
  grade: string
  price: number
}

export interface SeatSpec {
  section: string
  row: number
  number: number
  grade: string
  price: number
}

/** The most seats one schedule may have: keeps schedule creation one bounded transaction. */
export const MAX_SEATS_PER_VENUE = 20_000

export const totalSeats = (sections: readonly Section[]) =>
  sections.reduce((sum, section) => sum + section.rows * section.seatsPerRow, 0)

/**
 * The rules a layout must satisfy beyond its shape (which the request schema checks):
 * section names are unique and the venue is not larger than MAX_SEATS_PER_VENUE.
 * Returns the first problem, or undefined when the layout is valid.
 */
export function layoutProblem(sections: readonly Section[]): string | undefined {
  const seen = new Set<string>()
  for (const section of sections) {
    if (seen.has(section.name)) return `section name '${section.name}' is used twice`
    seen.add(section.name)
  }
  const total = totalSeats(sections)
  if (total > MAX_SEATS_PER_VENUE) return `the venue has ${total} seats; at most ${MAX_SEATS_PER_VENUE} are allowed`
  return undefined
}

/** Every seat of the layout, section by section, row by row (1-based rows and numbers). */
export function* seatsOf(sections: readonly Section[]): Generator<SeatSpec> {
  for (const { name, rows, seatsPerRow, grade, price } of sections) {
    for (let row = 1; row <= rows; row++) {
      for (let number = 1; number <= seatsPerRow; number++) yield { section: name, row, number, grade, price }
    }
  }
}
