// corpus: may fail (an unhandled rejection must still crash the process with exit code 1)
async function load(name) { await null; throw new Error(`cannot load ${name}`) }
async function main() { const value = await load('config'); return value }
console.log(JSON.stringify({ started: true, kind: main.constructor.name }))
main()
