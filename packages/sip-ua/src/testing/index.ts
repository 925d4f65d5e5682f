/** Test helpers for listeners built on this package: a seeded wire fuzzer over real sockets. */
export { type FuzzOptions, type FuzzSummary, type FuzzTarget, fuzzListener } from './fuzz-listener.js';
export { mutatedInputs, seededRandom } from './mutate.js';
