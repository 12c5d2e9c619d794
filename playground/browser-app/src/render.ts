import type { TodoStore } from './todo-store.ts'
import { formatRemaining } from './format.ts'

/** Redraws the list and the footer from the store. */
export function render(store: TodoStore, list: HTMLElement, remaining: HTMLElement): void {
  list.replaceChildren(...store.items.map(item => renderItem(item.id, item.title, item.done)))
  remaining.textContent = formatRemaining(store.remaining)
}

function renderItem(id: number, title: string, done: boolean): HTMLLIElement {
  const li = document.createElement('li')
  li.className = done ? 'done' : ''
  li.dataset.id = String(id)
  const box = document.createElement('input')
  box.type = 'checkbox'
  box.checked = done
  const label = document.createElement('span')
  label.textContent = title
  li.append(box, label)
  return li
}
