/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";export async function* ticks(n) {const __es0t=__es0a(946600275);try{
  for (let i = 0; i < n; i++) {
    __es0u(946600275,__es0t,await __es0s(946600275,__es0t,null))
    __es0u(946600275,__es0t,yield __es0s(946600275,__es0t,i))
  }
}catch(__es0err){__es0x(946600275,__es0t,__es0err);throw __es0err}finally{__es0r(946600275,__es0t)}}

export async function consume(source) {const __es0t=__es0a(822023859);try{
  const seen = []
  {for await (const value of __es0s(822023859,__es0t,source)) {__es0u(822023859,__es0t,0);try{{
    if (value === 2) continue
    seen.push(value)
  }}finally{__es0u(822023859,__es0t,0);__es0s(822023859,__es0t,0)}};__es0u(822023859,__es0t,0)}
  {outer: for await (const value of __es0s(822023859,__es0t,ticks(3))) {__es0u(822023859,__es0t,0);try{{
    for (const other of [1, 2]) {
      if (other === value) continue outer
    }
  }}finally{__es0u(822023859,__es0t,0);__es0s(822023859,__es0t,0)}};__es0u(822023859,__es0t,0)}
  if (seen.length) {for await (const v of __es0s(822023859,__es0t,source)) {__es0u(822023859,__es0t,0);try{seen.push(v)}finally{__es0u(822023859,__es0t,0);__es0s(822023859,__es0t,0)}};__es0u(822023859,__es0t,0)}
  else seen.push(0)
  return seen
}catch(__es0err){__es0x(822023859,__es0t,__es0err);throw __es0err}finally{__es0r(822023859,__es0t)}}

export async function* relay(source) {const __es0t=__es0a(79332148);try{
  try {
    {for await (const item of __es0s(79332148,__es0t,__es0u(79332148,__es0t,await __es0s(79332148,__es0t,source)))) {__es0u(79332148,__es0t,0);try{__es0u(79332148,__es0t,yield __es0s(79332148,__es0t,item))}finally{__es0u(79332148,__es0t,0);__es0s(79332148,__es0t,0)}};__es0u(79332148,__es0t,0)}
  }
  catch {__es0u(79332148,__es0t,0);
    __es0u(79332148,__es0t,yield __es0s(79332148,__es0t,'error'))
  }
}catch(__es0err){__es0x(79332148,__es0t,__es0err);throw __es0err}finally{__es0r(79332148,__es0t)}}

/* sites:
 * function ticks @1:8 async generator test/fixtures/async-generators.js#ticks#0 = 946600275
 * function consume @8:8 async test/fixtures/async-generators.js#consume#0 = 822023859
 * function relay @24:8 async generator test/fixtures/async-generators.js#relay#0 = 79332148
 */
