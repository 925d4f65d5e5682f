#!/usr/bin/env python3
"""An XMPP client that is not xmpp.js (slixmpp, Debian python3-slixmpp), for messagesend's tests.

Logs in, sends presence and prints one JSON object per line on stdout:
  {"event": "online", "jid": ...}
  {"event": "message", "from": ..., "id": ..., "type": ..., "body": ...}
  {"event": "error", "detail": ...}
With --receipts it answers XEP-0184 receipt requests. Runs until killed.
Usage: slixmpp-receiver.py JID PASSWORD HOST PORT [--receipts]
"""
import json
import sys

import slixmpp


def emit(**fields):
    print(json.dumps(fields, ensure_ascii=True), flush=True)


class Receiver(slixmpp.ClientXMPP):
    def __init__(self, jid, password, receipts):
        super().__init__(jid, password)
        if receipts:
            self.register_plugin('xep_0184')
            self['xep_0184'].auto_ack = True
        self.add_event_handler('session_start', self.on_start)
        self.add_event_handler('message', self.on_message)
        self.add_event_handler('failed_auth', lambda _: emit(event='error', detail='authentication failed'))

    async def on_start(self, _event):
        self.send_presence()
        emit(event='online', jid=str(self.boundjid))

    def on_message(self, msg):
        if msg['type'] in ('chat', 'normal') and msg.xml.find('{jabber:client}body') is not None:
            emit(event='message', **{'from': str(msg['from'])}, id=msg['id'], type=msg['type'], body=msg['body'])


def main():
    jid, password, host, port = sys.argv[1:5]
    client = Receiver(jid, password, '--receipts' in sys.argv[5:])
    # The test servers are plain loopback ones: no STARTTLS.
    client.connect(address=(host, int(port)), force_starttls=False, disable_starttls=True)
    client.process(forever=True)


if __name__ == '__main__':
    main()
