// The dependency-free part of core that the in-app runtime may import.
export { decodeBatch, encodeBatch, writeHeader, sessionIdToHex, BatchFormatError, BATCH_HEADER_BYTES, BATCH_MAGIC, MAX_BATCH_RECORDS, PROTOCOL_VERSION } from './batch-codec.ts'
export type { BatchHeader, DecodedBatch } from './batch-codec.ts'
export { crc32 } from './crc32.ts'
export { MAX_RECORD_KIND, RECORD_BYTES, RECORD_KIND_NAMES, RECORD_WORDS, RecordFlag, RecordKind, TIME_HIGH_UNIT } from './record-layout.ts'
export { siteIdOf, siteKeyOf } from './site-id.ts'
export { GLOBAL_RUNTIME_KEY, INSTRUMENTED_MARKER, RUNTIME_SPECIFIER } from './runtime-api.ts'
export type { RuntimeApi } from './runtime-api.ts'
