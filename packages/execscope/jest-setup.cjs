// execscope/jest-setup, for Jest's setupFilesAfterEnv: hands the runtime that execscope/jest
// installed in the Jest worker to this test file's context (its globalThis is not the worker's;
// core modules are shared), and ships the file's records when it ends.
const runtime = require('node:module')[Symbol.for('execscope.runtime')]
if (runtime) {
  globalThis.__execscope = runtime
  if (typeof afterAll === 'function') afterAll(() => runtime.flush())
}
