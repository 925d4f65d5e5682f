import { explainTests } from './compliance/explain.js';
import { formatTests } from './compliance/format.js';
import type { SuiteApi, TechHarness } from './compliance/harness.js';
import { lifecycleTests } from './compliance/lifecycle.js';
import { metadataTests } from './compliance/metadata.js';
import { parseTests } from './compliance/parse.js';
import { secretsTests } from './compliance/secrets.js';
import { sendTests } from './compliance/send.js';

export { explainTests } from './compliance/explain.js';
export { formatTests } from './compliance/format.js';
export type { SendCase, SuiteApi, TechHarness, TechTestBody } from './compliance/harness.js';
export { lifecycleTests } from './compliance/lifecycle.js';
export { metadataTests } from './compliance/metadata.js';
export { parseTests } from './compliance/parse.js';
export { secretsTests } from './compliance/secrets.js';
export { sendTests } from './compliance/send.js';

/**
 * The compliance kit: proves a technology honours the MessageTech contract. Register it inside a
 * test file: `techComplianceSuite({ describe, it }, harness)`. It registers each group in turn;
 * a group the harness gives nothing to check (no `secret`, no deliverable or undeliverable send)
 * is left out (so is the explain group for a technology without `explain()`), and a test the technology gives nothing to check (no `format()`, no `close()`, no
 * declared examples) is reported skipped with the reason. Each group is exported on its own.
 */
export function techComplianceSuite<Target>(api: SuiteApi, harness: TechHarness<Target>): void {
  metadataTests(api, harness);
  parseTests(api, harness);
  formatTests(api, harness);
  secretsTests(api, harness);
  sendTests(api, harness);
  explainTests(api, harness);
  lifecycleTests(api, harness);
}
