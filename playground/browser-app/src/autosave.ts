import type { TodoStore } from './todo-store.ts'
import { saveSnapshot } from './api.ts'

/** Saves the list on a timer while it keeps changing; reports each save. */
export function startAutosave(store: TodoStore, everyMs: number, onSaved: (count: number) => void): () => void {
  let dirty = false
  store.subscribe(() => {
    dirty = true
  })
  const timer = setInterval(async () => {
    if (!dirty) return
    dirty = false
    onSaved(await saveSnapshot(store.items))
  }, everyMs)
  return () => clearInterval(timer)
}
