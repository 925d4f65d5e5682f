export { grantedExpires } from './expires.js';
export {
  REFRESH_BEFORE_EXPIRY_SEC,
  type RegisterSender,
  type RegistrationClient,
  type RegistrationClientOptions,
  registrationClient,
} from './registration-client.js';
export {
  type RegisteringStack,
  type RegistrationEntry,
  type RegistrationSet,
  type RegistrationStatus,
  registrationSet,
} from './registration-set.js';
export {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  isTemporary,
  type RetryDecision,
  type RetryPolicy,
} from './retry-policy.js';
export type { RegistrationState } from './state.js';
