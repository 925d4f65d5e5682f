export { type BaresipOptions, type BaresipPeer, baresipSendingTo, startBaresip } from './baresip.js';
export type { BaresipEvent, BaresipResponse } from './baresip-control.js';
export {
  type BaresipMessage,
  type BaresipSipPacket,
  isTracedMessage,
  registerAnswers,
  tracedBody,
  tracedHeader,
} from './baresip-output.js';
export { makeCertificates, makeTestCa, type TestCa, type TestLeaf } from './certificates.js';
export { writeConfigFolder } from './config-folder.js';
export { type EjabberdOptions, type EjabberdPeer, type EjabberdUser, startEjabberd } from './ejabberd.js';
export {
  type KamailioAuthOptions,
  type KamailioBinding,
  type KamailioOptions,
  type KamailioPeer,
  parseUlDump,
  startKamailio,
} from './kamailio.js';
export {
  type ExitStatus,
  type ManagedProcess,
  runningPeers,
  startProcess,
  stopAllPeers,
} from './managed-process.js';
export { makePeerDir, PEER_DIR_PREFIX, removePeerDir } from './peer-dir.js';
export { type PollOptions, type Probed, pollFor, pollUntil } from './poll-until.js';
export { freePort, udpPortFree } from './ports.js';
export {
  type ProsodyOptions,
  type ProsodyPeer,
  type ProsodyUser,
  startProsody,
} from './prosody.js';
export { type RawSipClient, type RawSipRequest, type RawSipResponse, rawSipClient } from './raw-sip.js';
export { type RawUdpPeer, startRawUdpPeer } from './raw-udp-peer.js';
export { tcpListening, udpBound, waitUntil } from './readiness.js';
export { type RedisOptions, type RedisPeer, startRedis } from './redis.js';
export { MissingPeerError, requireCommand } from './require-command.js';
export { type SippPhoneOptions, startSippPhone } from './sipp/phone.js';
export {
  acceptingMessages,
  type RegisterScenarioOptions,
  registerScenario,
  type SippCheck,
  type SippReply,
  type UacRequest,
  type UasStep,
  uacScenario,
  uasScenario,
} from './sipp/scenario.js';
export { type SippMessageOptions, sendSippMessage } from './sipp/send-message.js';
export {
  runSippUac,
  type SippOptions,
  type SippPeer,
  type SippResult,
  type SippTransport,
  type SippUacOptions,
  startSippUac,
  startSippUas,
} from './sipp/sipp.js';
export { headerValue, parseSippErrors, parseSippMessageLog, type SippMessage } from './sipp/trace.js';
export { type SlixmppClient, type SlixmppMessage, type SlixmppOptions, startSlixmpp } from './slixmpp.js';
