/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";// Labelled break/continue leaving a for-await body for an outer plain statement.
const log = []
function source(name, n) {const __es0t=__es0e(242286015);let __es0rv;try{
  let i = 0
  return(__es0rv=( {
    [Symbol.asyncIterator]() {const __es0t=__es0e(342514170);let __es0rv;try{ return(__es0rv=( this),__es0r(342514170,__es0t),__es0rv) ;__es0r(342514170,__es0t)}catch(__es0err){__es0x(342514170,__es0t,__es0err);__es0r(342514170,__es0t);throw __es0err}},
    next() {const __es0t=__es0e(166011871);let __es0rv;try{ return(__es0rv=( Promise.resolve({ value: i, done: i++ >= n })),__es0r(166011871,__es0t),__es0rv) ;__es0r(166011871,__es0t)}catch(__es0err){__es0x(166011871,__es0t,__es0err);__es0r(166011871,__es0t);throw __es0err}},
    return() {const __es0t=__es0e(601918368);let __es0rv;try{ log.push(`${name}.return`); return(__es0rv=( Promise.resolve({ done: true })),__es0r(601918368,__es0t),__es0rv) ;__es0r(601918368,__es0t)}catch(__es0err){__es0x(601918368,__es0t,__es0err);__es0r(601918368,__es0t);throw __es0err}},
  }),__es0r(242286015,__es0t),__es0rv)
;__es0r(242286015,__es0t)}catch(__es0err){__es0x(242286015,__es0t,__es0err);__es0r(242286015,__es0t);throw __es0err}}
async function jumps() {const __es0t=__es0a(386307309);try{
  {outer: for (const a of [1, 2, 3]) {__es0u(386307309,__es0t,0);{
    {for await (const b of __es0s(386307309,__es0t,source(`c${a}`, 3))) {__es0u(386307309,__es0t,0);try{{
      if (b === 1) continue outer
      log.push(`c:${a}${b}`)
    }}finally{__es0u(386307309,__es0t,0);__es0s(386307309,__es0t,0)}};__es0u(386307309,__es0t,0)}
  }};__es0u(386307309,__es0t,0)}
  __es0u(386307309,__es0t,await __es0s(386307309,__es0t,null))
  {outer2: for (let i = 0; i < 3; i++) {
    {for await (const b of __es0s(386307309,__es0t,source(`b${i}`, 3))) {__es0u(386307309,__es0t,0);try{{
      if (i === 1) break outer2
      log.push(`b:${i}${b}`)
    }}finally{__es0u(386307309,__es0t,0);__es0s(386307309,__es0t,0)}};__es0u(386307309,__es0t,0)}
  };__es0u(386307309,__es0t,0)}
  {block: {
    {for await (const v of __es0s(386307309,__es0t,source('block', 2))) {__es0u(386307309,__es0t,0);try{if (v === 0) break block}finally{__es0u(386307309,__es0t,0);__es0s(386307309,__es0t,0)}};__es0u(386307309,__es0t,0)}
    log.push('never')
  };__es0u(386307309,__es0t,0)}
  let n = 0
  {loop: while (n < 2) {__es0u(386307309,__es0t,0);{
    n++
    try {
      {for await (const v of __es0s(386307309,__es0t,source(`w${n}`, 2))) {__es0u(386307309,__es0t,0);try{{ if (v === 0) continue loop }}finally{__es0u(386307309,__es0t,0);__es0s(386307309,__es0t,0)}};__es0u(386307309,__es0t,0)}
    }
    finally {__es0u(386307309,__es0t,0); log.push(`finally:${n}`) }
  }};__es0u(386307309,__es0t,0)}
  __es0u(386307309,__es0t,await __es0s(386307309,__es0t,null))
  return 'done'
}catch(__es0err){__es0x(386307309,__es0t,__es0err);throw __es0err}finally{__es0r(386307309,__es0t)}}
Promise.resolve().then(() =>{const __es0t=__es0e(611989869);let __es0rv;try{return (__es0rv=( log.push('t1')),__es0r(611989869,__es0t),__es0rv)}catch(__es0err){__es0x(611989869,__es0t,__es0err);__es0r(611989869,__es0t);throw __es0err}}).then(() =>{const __es0t=__es0e(595212250);let __es0rv;try{return (__es0rv=( log.push('t2')),__es0r(595212250,__es0t),__es0rv)}catch(__es0err){__es0x(595212250,__es0t,__es0err);__es0r(595212250,__es0t);throw __es0err}}).then(() =>{const __es0t=__es0e(578434631);let __es0rv;try{return (__es0rv=( log.push('t3')),__es0r(578434631,__es0t),__es0rv)}catch(__es0err){__es0x(578434631,__es0t,__es0err);__es0r(578434631,__es0t);throw __es0err}})
jumps().then((v) => {const __es0t=__es0e(561657012);try{ log.push(v); console.log(JSON.stringify(log)) ;__es0r(561657012,__es0t)}catch(__es0err){__es0x(561657012,__es0t,__es0err);__es0r(561657012,__es0t);throw __es0err}})

/* sites:
 * function source @3:1 test/fixtures/for-await-jumps.js#source#0 = 242286015
 * method [Symbol.asyncIterator] @6:5 test/fixtures/for-await-jumps.js#[Symbol.asyncIterator]#0 = 342514170
 * method next @7:5 test/fixtures/for-await-jumps.js#next#0 = 166011871
 * method return @8:5 test/fixtures/for-await-jumps.js#return#0 = 601918368
 * function jumps @11:1 async test/fixtures/for-await-jumps.js#jumps#0 = 386307309
 * arrow <arrow@40:24> @40:24 test/fixtures/for-await-jumps.js#<arrow>#0 = 611989869
 * arrow <arrow@40:51> @40:51 test/fixtures/for-await-jumps.js#<arrow>#1 = 595212250
 * arrow <arrow@40:78> @40:78 test/fixtures/for-await-jumps.js#<arrow>#2 = 578434631
 * arrow <arrow@41:14> @41:14 test/fixtures/for-await-jumps.js#<arrow>#3 = 561657012
 */
