/**
 * Test helpers for listeners built on this package: a seeded wire fuzzer over real sockets, a live
 * listener with raw inbound requests, a digest-answering driver for a raw client, and the hostile
 * inbound tests every SIP technology runs.
 */
export {
  message,
  type RawClient,
  type RawRequest,
  type RawResponse,
  register,
  sendWithDigest,
  type Target,
} from './digest-client.js';
export { type FuzzOptions, type FuzzSummary, type FuzzTarget, fuzzListener } from './fuzz-listener.js';
export {
  type HostileInboundApi,
  type HostileInboundHarness,
  hostileInboundTests,
} from './hostile-inbound-tests.js';
export {
  inboundMessageBytes,
  type Listener,
  type ListeningTech,
  startListener,
  udpAnswer,
  udpExchange,
  weirdInboundRequests,
} from './listener.js';
export { mutatedInputs, seededRandom } from './mutate.js';
