import type { TransportSpec } from '@messagesend/sip-ua';
import type { SipConfig } from './config/types.js';

/** chan_sip's transports: UDP on bindaddr:bindport, and TCP on the same address with tcpenable. */
export function transportSpecs(config: SipConfig): TransportSpec[] {
  const general = config.general ?? {};
  const bindHost = general.bindAddr ?? '0.0.0.0';
  const bindPort = general.bindPort ?? 5060;
  return [
    { protocol: 'udp', host: bindHost, port: bindPort },
    ...(general.tcpEnable ? [{ protocol: 'tcp' as const, host: bindHost, port: bindPort }] : []),
  ];
}
