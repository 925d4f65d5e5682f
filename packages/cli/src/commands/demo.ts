import { createRouter, type MessageTech } from '@messagesend/core';
import { findHeader, type IncomingRequest, startSipStack } from '@messagesend/sip-ua';
import { EXIT, UsageError } from '../exit-codes.js';
import { painter } from '../output.js';
import { reportText } from '../report-text.js';

export const DEMO_HELP = `Usage: messagesend demo

The embedded default: starts a SIP peer on 127.0.0.1 inside this process (built on messagesend's
own SIP layer), sends it a MESSAGE through pjsip: and through sip: with generated configs, and
shows what the peer received and each delivery report. Needs no setup and no network.`;

type Factory = (options: { config: string }) => MessageTech<unknown>;

export async function demoCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${DEMO_HELP}\n`);
    return EXIT.SUCCESS;
  }
  if (argv.length > 0) throw new UsageError(`demo takes no arguments (got ${argv.join(' ')})`);
  const paint = painter(process.stdout);
  const pjsip = await importTech('@messagesend/pjsip');
  const sip = await importTech('@messagesend/sip');

  const received: IncomingRequest[] = [];
  const peer = await startSipStack({
    transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }],
    onRequest: (request) => {
      received.push(request);
      return { status: 202 };
    },
  });
  const { port } = peer.address('udp')!;
  const router = createRouter({
    techs: [
      pjsip({
        config: `[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:0\n\n[demo-peer]\ntype=endpoint\naors=demo-peer\nfrom_user=messagesend\n\n[demo-peer]\ntype=aor\ncontact=sip:peer@127.0.0.1:${port}\n`,
      }),
      sip({ config: `[general]\nbindaddr=127.0.0.1\nbindport=0\ncallerid=messagesend\n` }),
    ],
    timeoutMs: 5_000,
  });
  process.stdout.write(`${paint.bold('messagesend demo')}: a SIP peer listens on 127.0.0.1:${port}\n\n`);
  let allDelivered = true;
  try {
    const sends: [string, string, Record<string, string>][] = [
      ['pjsip:demo-peer', 'Hello from pjsip: ✓', { 'X-Demo': 'pjsip' }],
      [`sip:peer@127.0.0.1:${port}`, 'Hello from sip: ✓', { 'X-Demo': 'sip' }],
    ];
    for (const [destination, body, data] of sends) {
      const result = await router.send(
        destination,
        { body, data },
        { from: destination.startsWith('sip:') ? '"Demo" <sip:demo@127.0.0.1>' : 'sip:demo@example.com' },
      );
      const report = await result.delivery;
      const request = received.at(-1);
      const ok = result.status === 'SUCCESS' && report.outcome === 'delivered';
      allDelivered &&= ok;
      process.stdout.write(
        `${paint.bold(`router.send('${destination}')`)} -> ${ok ? paint.green(result.status) : paint.red(result.status)}${result.reason ? ` ${result.reason}` : ''}\n`,
      );
      if (request) {
        process.stdout.write(`  peer received: ${request.method} ${request.uri}\n`);
        for (const name of ['From', 'To', 'X-Demo', 'Content-Type'])
          process.stdout.write(`    ${name}: ${findHeader(request.headers, name) ?? ''}\n`);
        process.stdout.write(`    body: ${request.body}\n`);
      }
      process.stdout.write(
        `  delivery: ${report.outcome} (${reportText(report)}) in ${report.elapsedMs.toFixed(1)} ms\n\n`,
      );
    }
  } finally {
    await router.close();
    await peer.close();
  }
  return allDelivered ? EXIT.SUCCESS : EXIT.FAILURE;
}

async function importTech(name: string): Promise<Factory> {
  try {
    return ((await import(name)) as { default: Factory }).default;
  } catch {
    throw new UsageError(`the demo needs ${name}: npm install ${name}`);
  }
}
