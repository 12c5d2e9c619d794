import type { Todo } from './todo.ts'
import { parseTitle } from './todo.ts'

type Listener = (store: TodoStore) => void

/** The app's state: the list of tasks, and who to tell when it changes. */
export class TodoStore {
  #items: Todo[] = []
  #nextId = 1
  #listeners: Listener[] = []

  get items(): readonly Todo[] {
    return this.#items
  }

  get remaining(): number {
    return this.#items.filter(item => !item.done).length
  }

  subscribe(listener: Listener): void {
    this.#listeners.push(listener)
  }

  load(todos: Todo[]): void {
    this.#items = todos.map(todo => ({ ...todo }))
    this.#nextId = Math.max(0, ...todos.map(todo => todo.id)) + 1
    this.#notify()
  }

  add(input: string): Todo {
    const todo = { id: this.#nextId++, title: parseTitle(input), done: false }
    this.#items = [...this.#items, todo]
    this.#notify()
    return todo
  }

  toggle(id: number): void {
    this.#items = this.#items.map(item => (item.id === id ? { ...item, done: !item.done } : item))
    this.#notify()
  }

  clearDone(): number {
    const before = this.#items.length
    this.#items = this.#items.filter(item => !item.done)
    this.#notify()
    return before - this.#items.length
  }

  #notify(): void {
    for (const listener of this.#listeners) listener(this)
  }
}
