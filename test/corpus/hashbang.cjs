#!/usr/bin/env node
'use strict'
function main(argv) { return argv.length > 0 }
const shebang = () => 'hashbang kept'
console.log(JSON.stringify({ main: main(process.argv), shebang: shebang(), strict: (function () { return this })() === undefined }))
