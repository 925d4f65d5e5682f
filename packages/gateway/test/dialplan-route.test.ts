import { createRouter, type InboundMessage } from '@messagesend/core';
import { pjsip } from '@messagesend/pjsip';
import { sip } from '@messagesend/sip';
import { xmpp } from '@messagesend/xmpp';
import { describe, expect, it } from 'vitest';
import { routeOf } from '../src/front-ends/dialplan.js';

// Which context and extension each technology hands the dialplan, from its own config file.
const router = createRouter({
  techs: [
    pjsip({
      config: [
        '[both]\ntype=endpoint\ncontext=calls\nmessage_context=texts\n',
        '[plain]\ntype=endpoint\ncontext=calls\n',
        '[none]\ntype=endpoint\n',
      ].join('\n'),
    }),
    sip({
      config: [
        '[general]\ncontext=general-calls\n',
        '[own]\ntype=peer\nhost=127.0.0.1\ncontext=calls\nmessagecontext=texts\n',
        '[ctx]\ntype=peer\nhost=127.0.0.2\ncontext=calls\n',
        '[bare]\ntype=peer\nhost=127.0.0.3\n',
      ].join('\n'),
    }),
    xmpp({
      config: [
        '[on]\ntype=client\nserverhost=127.0.0.1\nusername=a@localhost\nsecret=x\ncontext=chat\nsendtodialplan=yes\n',
        '[plain]\ntype=client\nserverhost=127.0.0.1\nusername=c@localhost\nsecret=x\nsendtodialplan=yes\n',
        '[off]\ntype=client\nserverhost=127.0.0.1\nusername=b@localhost\nsecret=x\ncontext=chat\n',
      ].join('\n'),
    }),
  ],
});

const inbound = (tech: string, fields: Partial<InboundMessage> & Record<string, unknown>) =>
  ({ body: 'hi', destination: `${tech}:x`, tech, ...fields }) as InboundMessage;

describe('routeOf: the dialplan route per technology', () => {
  it.each([
    [
      'pjsip message_context wins',
      inbound('pjsip', { endpoint: 'both', requestUri: 'sip:1000@h' }),
      { context: 'texts', exten: '1000' },
    ],
    [
      'pjsip falls back to context',
      inbound('pjsip', { endpoint: 'plain', requestUri: 'sip:%31%30@h;user=phone' }),
      { context: 'calls', exten: '10' },
    ],
    [
      'pjsip R-URI without user: s',
      inbound('pjsip', { endpoint: 'plain', requestUri: 'sip:h' }),
      { context: 'calls' },
    ],
    [
      'pjsip endpoint without context: default',
      inbound('pjsip', { endpoint: 'none', requestUri: 'sip:1@h' }),
      { context: 'default', exten: '1' },
    ],
    ['pjsip unknown endpoint', inbound('pjsip', { endpoint: 'ghost', requestUri: 'sip:1@h' }), undefined],
    [
      'sip peer messagecontext',
      inbound('sip', { endpoint: 'own', to: 'sip:2000@h' }),
      { context: 'texts', exten: '2000' },
    ],
    [
      'sip peer context',
      inbound('sip', { endpoint: 'ctx', to: 'sip:2000@h' }),
      { context: 'calls', exten: '2000' },
    ],
    [
      'sip [general] context',
      inbound('sip', { endpoint: 'bare', to: 'sip:3@h' }),
      { context: 'general-calls', exten: '3' },
    ],
    ['sip without a peer', inbound('sip', { to: 'sip:3@h' }), { context: 'general-calls', exten: '3' }],
    [
      'xmpp sendtodialplan=yes',
      inbound('xmpp', { endpoint: 'on', to: 'xmpp:a@localhost' }),
      { context: 'chat' },
    ],
    ['xmpp without context: default', inbound('xmpp', { endpoint: 'plain' }), { context: 'default' }],
    ['xmpp without sendtodialplan', inbound('xmpp', { endpoint: 'off' }), undefined],
    ['another technology', inbound('other', { endpoint: 'on' }), undefined],
  ])('%s', (_name, message, route) => {
    expect(routeOf(message, router)).toEqual(route);
  });
});

it('sip: [general] messagecontext comes before the peer context, after the peer messagecontext', () => {
  const withGeneral = createRouter({
    techs: [
      sip({
        config:
          '[general]\ncontext=general-calls\nmessagecontext=general-texts\n\n[ctx]\ntype=peer\nhost=127.0.0.2\ncontext=calls\n\n[own]\ntype=peer\nhost=127.0.0.1\nmessagecontext=texts\n',
      }),
    ],
  });
  expect(routeOf(inbound('sip', { endpoint: 'ctx', to: 'sip:5@h' }), withGeneral)).toEqual({
    context: 'general-texts',
    exten: '5',
  });
  expect(routeOf(inbound('sip', { endpoint: 'own', to: 'sip:5@h' }), withGeneral)).toEqual({
    context: 'texts',
    exten: '5',
  });
  const bare = createRouter({ techs: [sip({ config: '[p]\ntype=peer\nhost=127.0.0.9\n' })] });
  expect(routeOf(inbound('sip', { endpoint: 'p', to: 'sip:h' }), bare)).toEqual({ context: 'default' });
});

it('pjsip: [global] ignore_uri_user_options cuts the user options off the extension', () => {
  const config = '[endpoint]\ntype=endpoint\ncontext=calls\n';
  const cut = createRouter({
    techs: [pjsip({ config: `[global]\ntype=global\nignore_uri_user_options=yes\n\n${config}` })],
  });
  const kept = createRouter({ techs: [pjsip({ config })] });
  const message = inbound('pjsip', { endpoint: 'endpoint', requestUri: 'sip:1000;isup-oli=00@h' });
  expect(routeOf(message, cut)).toEqual({ context: 'calls', exten: '1000' });
  expect(routeOf(message, kept)).toEqual({ context: 'calls', exten: '1000;isup-oli=00' });
});
