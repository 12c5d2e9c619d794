/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export function findPair(rows) {const __es0t=__es0e(1047157104);let __es0rv;try{
  outer: for (const row of rows) {
    inner: for (const cell of row) {
      if (cell < 0) continue outer
      if (cell === 0) break inner
      if (cell > 9) break outer
    }
  }
  block: {
    if (rows.length) break block
    return(__es0rv=( 'empty'),__es0r(1047157104,__es0t),__es0rv)
  }
  return(__es0rv=( 'done'),__es0r(1047157104,__es0t),__es0rv)
;__es0r(1047157104,__es0t)}catch(__es0err){__es0x(1047157104,__es0t,__es0err);__es0r(1047157104,__es0t);throw __es0err}}

export const labelled = () => {const __es0t=__es0e(124820028);let __es0rv;try{ l: for (;;) break l; return(__es0rv=( 1),__es0r(124820028,__es0t),__es0rv) ;__es0r(124820028,__es0t)}catch(__es0err){__es0x(124820028,__es0t,__es0err);__es0r(124820028,__es0t);throw __es0err}}

/* sites:
 * function findPair @1:8 test/fixtures/labels.js#findPair#0 = 1047157104
 * arrow labelled @16:25 test/fixtures/labels.js#labelled#0 = 124820028
 */
