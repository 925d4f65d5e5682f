import { Resolver } from 'node:dns/promises';
import dns2 from 'dns2';

const { Packet } = dns2;

export interface Zone {
  a?: Record<string, string[]>;
  srv?: Record<string, { priority: number; weight: number; port: number; target: string }[]>;
  naptr?: Record<
    string,
    { order: number; preference: number; flags: string; service: string; replacement: string }[]
  >;
}

export interface TestDns {
  resolver: Resolver;
  queries: string[];
  close(): Promise<void>;
}

/** A real DNS server on loopback (UDP) answering from `zone`; NAPTR RDATA is encoded here (dns2 has no encoder). */
export async function startDnsServer(zone: Zone): Promise<TestDns> {
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: true,
    // dns2's typings want full Resource objects; its encoder only needs these plain fields.
    // biome-ignore lint/suspicious/noExplicitAny: see above
    handle: (request: any, send: (response: any) => void) => {
      const response = Packet.createResponseFromRequest(request);
      const answers = response.answers as unknown[];
      const [question] = request.questions;
      const name = String(question.name).toLowerCase();
      queries.push(`${question.type}:${name}`);
      if (question.type === Packet.TYPE.A) {
        for (const address of zone.a?.[name] ?? []) {
          answers.push({ name, type: Packet.TYPE.A, class: Packet.CLASS.IN, ttl: 60, address });
        }
      } else if (question.type === Packet.TYPE.SRV) {
        for (const record of zone.srv?.[name] ?? []) {
          answers.push({ name, type: Packet.TYPE.SRV, class: Packet.CLASS.IN, ttl: 60, ...record });
        }
      } else if (question.type === 35) {
        for (const record of zone.naptr?.[name] ?? []) {
          answers.push({ name, type: 35, class: Packet.CLASS.IN, ttl: 60, data: naptrRdata(record) });
        }
      }
      send(response);
    },
  });
  await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const { port } = server.addresses().udp as { port: number };
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  return { resolver, queries, close: () => server.close() };
}

function naptrRdata(record: {
  order: number;
  preference: number;
  flags: string;
  service: string;
  replacement: string;
}): Buffer {
  const text = (value: string): Buffer =>
    Buffer.concat([Buffer.from([value.length]), Buffer.from(value, 'ascii')]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(record.order, 0);
  header.writeUInt16BE(record.preference, 2);
  const labels = record.replacement.split('.').filter(Boolean).map(text);
  return Buffer.concat([
    header,
    text(record.flags),
    text(record.service),
    text(''),
    ...labels,
    Buffer.from([0]),
  ]);
}
