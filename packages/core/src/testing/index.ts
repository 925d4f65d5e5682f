export {
  explainTests,
  formatTests,
  lifecycleTests,
  metadataTests,
  parseTests,
  type SendCase,
  type SuiteApi,
  secretsTests,
  sendTests,
  type TechHarness,
  type TechTestBody,
  techComplianceSuite,
} from './compliance.js';
export { documentedCodes } from './errors-doc.js';
export {
  type MemorySent,
  type MemoryTarget,
  type MemoryTech,
  type MemoryTechOptions,
  memoryTech,
} from './memory-tech.js';
export { assertNoSecrets, findSecrets } from './secrets-check.js';
export {
  COMPACT_STACK_HEADER_DATA,
  fuzzSipDestinations,
  previewHeaderNames,
  sipWireProblems,
} from './sip-wire-check.js';
