/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";class Base {
  constructor(name) {const __es0t=__es0e(47102733);try{
    this.name = name
  ;__es0r(47102733,__es0t)}catch(__es0err){__es0x(47102733,__es0t,__es0err);__es0r(47102733,__es0t);throw __es0err}}

  greet() {const __es0t=__es0e(58995360);let __es0rv;try{
    return(__es0rv=( `hi ${this.name}`),__es0r(58995360,__es0t),__es0rv)
  ;__es0r(58995360,__es0t)}catch(__es0err){__es0x(58995360,__es0t,__es0err);__es0r(58995360,__es0t);throw __es0err}}
}

export class Derived extends Base {
  #secret = 1
  count = 0
  onClick = () =>{const __es0t=__es0e(453652308);let __es0rv;try{return (__es0rv=( this.count++),__es0r(453652308,__es0t),__es0rv)}catch(__es0err){__es0x(453652308,__es0t,__es0err);__es0r(453652308,__es0t);throw __es0err}}
  handler = function () {const __es0t=__es0e(385467523);let __es0rv;try{ return(__es0rv=( this),__es0r(385467523,__es0t),__es0rv) ;__es0r(385467523,__es0t)}catch(__es0err){__es0x(385467523,__es0t,__es0err);__es0r(385467523,__es0t);throw __es0err}}
  static instances = 0
  static {const __es0t=__es0e(505264219);try{
    Derived.instances = 0
  }catch(__es0err){__es0x(505264219,__es0t,__es0err);throw __es0err}finally{__es0r(505264219,__es0t)}}

  constructor(name) {const __es0t=__es0e(682774811);try{
    const upper = String(name).toUpperCase()
    super(upper)
    Derived.instances++
  ;__es0r(682774811,__es0t)}catch(__es0err){__es0x(682774811,__es0t,__es0err);__es0r(682774811,__es0t);throw __es0err}}

  get secret() {const __es0t=__es0e(911180779);let __es0rv;try{
    return(__es0rv=( this.#secret),__es0r(911180779,__es0t),__es0rv)
  ;__es0r(911180779,__es0t)}catch(__es0err){__es0x(911180779,__es0t,__es0err);__es0r(911180779,__es0t);throw __es0err}}

  set secret(value) {const __es0t=__es0e(523256047);try{
    this.#secret = value
  ;__es0r(523256047,__es0t)}catch(__es0err){__es0x(523256047,__es0t,__es0err);__es0r(523256047,__es0t);throw __es0err}}

  #hidden() {const __es0t=__es0e(420235594);let __es0rv;try{
    return(__es0rv=( super.greet()),__es0r(420235594,__es0t),__es0rv)
  ;__es0r(420235594,__es0t)}catch(__es0err){__es0x(420235594,__es0t,__es0err);__es0r(420235594,__es0t);throw __es0err}}

  static create(name) {const __es0t=__es0e(668472587);let __es0rv;try{
    return(__es0rv=( new Derived(name)),__es0r(668472587,__es0t),__es0rv)
  ;__es0r(668472587,__es0t)}catch(__es0err){__es0x(668472587,__es0t,__es0err);__es0r(668472587,__es0t);throw __es0err}}

  [Symbol.iterator]() {const __es0t=__es0e(643759533);let __es0rv;try{
    return(__es0rv=( [][Symbol.iterator]()),__es0r(643759533,__es0t),__es0rv)
  ;__es0r(643759533,__es0t)}catch(__es0err){__es0x(643759533,__es0t,__es0err);__es0r(643759533,__es0t);throw __es0err}}

  'quoted key'() {const __es0t=__es0e(480730112);try{;__es0r(480730112,__es0t)}catch(__es0err){__es0x(480730112,__es0t,__es0err);__es0r(480730112,__es0t);throw __es0err}}
}

export const Anonymous = class {
  method() {const __es0t=__es0e(318198158);try{;__es0r(318198158,__es0t)}catch(__es0err){__es0x(318198158,__es0t,__es0err);__es0r(318198158,__es0t);throw __es0err}}
}

export const makeClass = () =>{const __es0t=__es0e(847518526);try{return ( class {
  run() {const __es0t=__es0e(608914837);try{;__es0r(608914837,__es0t)}catch(__es0err){__es0x(608914837,__es0t,__es0err);__es0r(608914837,__es0t);throw __es0err}}
})}catch(__es0err){__es0x(847518526,__es0t,__es0err);throw __es0err}finally{__es0r(847518526,__es0t)}}

/* sites:
 * constructor Base.constructor @2:3 test/fixtures/classes.js#Base.constructor#0 = 47102733
 * method Base.greet @6:3 test/fixtures/classes.js#Base.greet#0 = 58995360
 * arrow Derived.onClick @14:13 test/fixtures/classes.js#Derived.onClick#0 = 453652308
 * function Derived.handler @15:13 test/fixtures/classes.js#Derived.handler#0 = 385467523
 * static-block Derived.<static> @17:3 test/fixtures/classes.js#Derived.<static>#0 = 505264219
 * constructor Derived.constructor @21:3 test/fixtures/classes.js#Derived.constructor#0 = 682774811
 * getter get Derived.secret @27:3 test/fixtures/classes.js#get Derived.secret#0 = 911180779
 * setter set Derived.secret @31:3 test/fixtures/classes.js#set Derived.secret#0 = 523256047
 * method Derived.#hidden @35:3 test/fixtures/classes.js#Derived.#hidden#0 = 420235594
 * method Derived.create @39:3 test/fixtures/classes.js#Derived.create#0 = 668472587
 * method Derived.[Symbol.iterator] @43:3 test/fixtures/classes.js#Derived.[Symbol.iterator]#0 = 643759533
 * method Derived.quoted key @47:3 test/fixtures/classes.js#Derived.quoted key#0 = 480730112
 * method Anonymous.method @51:3 test/fixtures/classes.js#Anonymous.method#0 = 318198158
 * arrow makeClass @54:26 test/fixtures/classes.js#makeClass#0 = 847518526
 * method <class>.run @55:3 test/fixtures/classes.js#<class>.run#0 = 608914837
 */
