import type { Installation, RealmState } from './realm-state.ts'
import type { Restore } from './patch.ts'
import type { WorkerThreadsModule } from './node-worker-threads.ts'
import { nodeWorkerThreads } from './node-worker-threads.ts'
import { patchWorkerParentSide } from './worker-parent-side.ts'
import { patchWorkerThreadSide } from './worker-thread-side.ts'

/**
 * Messages between this Node thread and the worker threads it starts, and, in a worker thread,
 * with its parent: `MessageSend` when one is posted, `MessageReceive` when one is delivered, both
 * timed, numbered per channel and direction so the store can pair them across threads (see
 * message-delivery.ts). Message data is never read or changed. Outside Node (no
 * `node:worker_threads`) this patches nothing.
 */
export function patchWorkerMessages(state: RealmState, inst: Installation, workerThreads: WorkerThreadsModule | undefined = nodeWorkerThreads()): Restore[] {
  if (workerThreads === undefined) return []
  // The clock installProbes captured, as the callbacks' LinkIn records use.
  const clock = inst.clock
  const restores = patchWorkerParentSide(state, inst, clock, workerThreads.Worker)
  if (workerThreads.isMainThread === false) restores.push(...patchWorkerThreadSide(state, inst, clock, workerThreads.parentPort, workerThreads.threadId))
  return restores
}
