// Counts the words of the task titles off the main thread: the page posts the titles after every
// change, the worker answers with the totals.
import { countWords } from './word-count.ts'

export interface StatsRequest {
  titles: string[]
}

export interface StatsReply {
  tasks: number
  words: number
  longest: string
}

function summarize(request: StatsRequest): StatsReply {
  let words = 0
  let longest = ''
  for (const title of request.titles) {
    words += countWords(title)
    if (title.length > longest.length) longest = title
  }
  return { tasks: request.titles.length, words, longest }
}

globalThis.addEventListener('message', (event: MessageEvent<StatsRequest>) => {
  globalThis.postMessage(summarize(event.data))
})
