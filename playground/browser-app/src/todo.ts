export interface Todo {
  id: number
  title: string
  done: boolean
}

export class ValidationError extends Error {
  override name = 'ValidationError'
}

const MAX_TITLE = 80

/** Cleans a title typed by the user; throws ValidationError when there is nothing usable. */
export function parseTitle(input: string): string {
  const title = input.replace(/\s+/g, ' ').trim()
  if (title.length === 0) throw new ValidationError('A task needs a title')
  if (title.length > MAX_TITLE) throw new ValidationError(`Titles are at most ${MAX_TITLE} characters`)
  return title
}
