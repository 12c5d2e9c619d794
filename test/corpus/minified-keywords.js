// Minified code glues keywords to what follows them: return{…}, return[…], return"…", await(…), yield(…), typeof(…).
function obj(a){return{a:a,b:typeof(a)}}
function arr(){return[1,2]}
function str(){return"s"+`t`}
function neg(x){return-x}
function paren(x){return(x,x+1)}
async function waits(x){const y=await(x);return await(y+1)}
function*gen(x){const y=yield(x);yield[y];return{y}}
const arrow=(x)=>{return!x}
async function main(){
  const g=gen(1)
  const steps=[g.next(),g.next(5),g.next()]
  return{obj:obj(2),arr:arr(),str:str(),neg:neg(3),paren:paren(4),waits:await waits(6),steps,arrow:arrow(0)}
}
main().then(r=>console.log(JSON.stringify(r)))
