#!/usr/bin/env node
'use client'
'use strict';/* @execscope-instrumented */import{e as __es0e,r as __es0r,x as __es0x,a as __es0a,s as __es0s,u as __es0u}from"execscope:runtime";

export function strictOne() {
  'use strict';const __es0t=__es0e(893649915);let __es0rv;try{
  return(__es0rv=( this),__es0r(893649915,__es0t),__es0rv)
;__es0r(893649915,__es0t)}catch(__es0err){__es0x(893649915,__es0t,__es0err);__es0r(893649915,__es0t);throw __es0err}}

export function noSemicolon() {
  "use strict";const __es0t=__es0e(877443540);let __es0rv;try{
  return(__es0rv=( 1),__es0r(877443540,__es0t),__es0rv)
;__es0r(877443540,__es0t)}catch(__es0err){__es0x(877443540,__es0t,__es0err);__es0r(877443540,__es0t);throw __es0err}}

export function notADirective() {const __es0t=__es0e(574407317);let __es0rv;try{
  ('use strict')
  return(__es0rv=( 2),__es0r(574407317,__es0t),__es0rv)
;__es0r(574407317,__es0t)}catch(__es0err){__es0x(574407317,__es0t,__es0err);__es0r(574407317,__es0t);throw __es0err}}

export function onlyDirective() { 'use strict';const __es0t=__es0e(755636439);try{ ;__es0r(755636439,__es0t)}catch(__es0err){__es0x(755636439,__es0t,__es0err);__es0r(755636439,__es0t);throw __es0err}}

/* sites:
 * function strictOne @5:8 test/fixtures/directives.js#strictOne#0 = 893649915
 * function noSemicolon @10:8 test/fixtures/directives.js#noSemicolon#0 = 877443540
 * function notADirective @15:8 test/fixtures/directives.js#notADirective#0 = 574407317
 * function onlyDirective @20:8 test/fixtures/directives.js#onlyDirective#0 = 755636439
 */
