import type { StatsReply, StatsRequest } from './stats.worker.ts'
import { plural } from './format.ts'

/** Shows word statistics of the titles, computed by a worker, in `output`. */
export function startStats(output: HTMLElement): (titles: string[]) => void {
  const worker = new Worker(new URL('./stats.worker.ts', import.meta.url), { type: 'module' })
  worker.onmessage = (event: MessageEvent<StatsReply>) => {
    output.textContent = describe(event.data)
  }
  return (titles) => {
    const request: StatsRequest = { titles }
    worker.postMessage(request)
  }
}

function describe(stats: StatsReply): string {
  return `${plural(stats.tasks, 'task')}, ${plural(stats.words, 'word')}`
}
