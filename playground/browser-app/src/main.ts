import { fetchSeed } from './api.ts'
import { startAutosave } from './autosave.ts'
import { render } from './render.ts'
import { startStats } from './stats.ts'
import { ValidationError } from './todo.ts'
import { TodoStore } from './todo-store.ts'

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id)
  if (!element) throw new Error(`#${id} is missing from index.html`)
  return element as T
}

const list = byId<HTMLUListElement>('list')
const remaining = byId('remaining')
const error = byId('error')
const title = byId<HTMLInputElement>('title')
const store = new TodoStore()
store.subscribe(current => render(current, list, remaining))
const postTitles = startStats(byId('stats'))
store.subscribe(current => postTitles(current.items.map(item => item.title)))

function addFromInput(): void {
  try {
    store.add(title.value)
    title.value = ''
    error.textContent = ''
  }
  catch (problem) {
    if (!(problem instanceof ValidationError)) throw problem
    error.textContent = problem.message
  }
}

byId('add-form').addEventListener('submit', (event) => {
  event.preventDefault()
  addFromInput()
})
list.addEventListener('change', (event) => {
  const item = (event.target as HTMLElement).closest('li')
  if (item?.dataset.id) store.toggle(Number(item.dataset.id))
})
byId('clear-done').addEventListener('click', () => {
  store.clearDone()
})

async function start(): Promise<void> {
  store.load(await fetchSeed())
  startAutosave(store, 250, (count) => {
    byId('saved').textContent = `Saved ${count}`
  })
  document.body.dataset.ready = 'true'
}

start().catch((problem: Error) => {
  error.textContent = `Could not start: ${problem.message}`
})
