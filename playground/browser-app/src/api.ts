import type { Todo } from './todo.ts'

/** Loads the starting tasks from the dev server. */
export async function fetchSeed(url = '/seed-todos.json'): Promise<Todo[]> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`GET ${url} failed with ${response.status}`)
  const raw: unknown = await response.json()
  return normalizeSeed(raw)
}

function normalizeSeed(raw: unknown): Todo[] {
  if (!Array.isArray(raw)) throw new TypeError('seed must be an array')
  return raw.map((entry: Record<string, unknown>, index) => ({
    id: typeof entry.id === 'number' ? entry.id : index + 1,
    title: String(entry.title ?? ''),
    done: entry.done === true,
  }))
}

/** Pretends to save: resolves after a short delay with how many tasks were written. */
export async function saveSnapshot(todos: readonly Todo[]): Promise<number> {
  const payload = JSON.stringify(todos)
  await new Promise(resolve => setTimeout(resolve, 5))
  return payload.length > 0 ? todos.length : 0
}
