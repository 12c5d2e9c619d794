import { describe, expect, it } from 'vitest'
import { checkJestOptions, createTransformer } from './jest.ts'

describe('execscope/jest options', () => {
  it('takes the transformer to run first and its options, or none', () => {
    expect(checkJestOptions(undefined)).toEqual({})
    expect(checkJestOptions({})).toEqual({})
    expect(checkJestOptions({ transformer: 'ts-jest', transformerConfig: { isolatedModules: true } })).toEqual({ transformer: 'ts-jest', transformerConfig: { isolatedModules: true } })
  })

  it('refuses a misspelt option by its name, listing the known ones, instead of running babel-jest in place of the transformer meant', () => {
    expect(() => createTransformer({ transfomer: 'ts-jest' } as never)).toThrow(
      `[execscope] Unknown option "transfomer" in execscope/jest's options (Jest's \`transform: { …: ['execscope/jest', { transformer: 'ts-jest' }] }\`). Known options: transformer, transformerConfig.`,
    )
  })

  it('refuses a transformer that is not a name, and options that are not an object', () => {
    expect(() => checkJestOptions({ transformer: { name: 'ts-jest' } })).toThrow(/Option "transformer" in execscope\/jest's options .* must be the name of a Jest transformer, .*got \{"name":"ts-jest"\}\.$/)
    expect(() => checkJestOptions('ts-jest')).toThrow(/The options of execscope\/jest \(.*\) must be an object, got "ts-jest"\./)
  })
})
