// Instruments for UDP benches: datagrams each local port sends (node:dgram's send, counted in this
// process) and the kernel's drop counter per socket (the last column of /proc/net/udp).
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';

const sentByPort = new Map();
/** A socket's local port, read once: address() is a system call, ~10 µs a send at 10k/s. */
const portOf = new WeakMap();
let patched = false;

/** Counts every datagram sent through node:dgram in this process, by local port. Idempotent. */
export function countDatagrams() {
  if (patched) return;
  patched = true;
  const send = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function countedSend(...args) {
    let port = portOf.get(this);
    if (port === undefined) {
      try {
        port = this.address().port;
        portOf.set(this, port);
      } catch {
        port = 0; // not bound yet: node binds on first send; count it under port 0
      }
    }
    sentByPort.set(port, (sentByPort.get(port) ?? 0) + 1);
    return send.apply(this, args);
  };
}

/** Datagrams sent so far, per local port, as a plain snapshot. */
export function datagramsSent() {
  return new Map(sentByPort);
}

/** Sum of datagrams sent between two snapshots. */
export function datagramsBetween(before, after) {
  let total = 0;
  for (const [port, count] of after) total += count - (before.get(port) ?? 0);
  return { total, ports: [...after.keys()].filter((port) => after.get(port) !== before.get(port)) };
}

/** The kernel's drop counters of the UDP sockets bound to `ports` (IPv4 and IPv6 tables). */
export function kernelDrops(ports) {
  const wanted = new Set(ports.map(Number));
  let drops = 0;
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 13) continue;
      const port = Number.parseInt(fields[1].split(':')[1], 16);
      if (wanted.has(port)) drops += Number(fields[fields.length - 1]);
    }
  }
  return drops;
}

/** Samples heapUsed every `everyMs` until stopped; returns the peak in bytes. */
export function watchHeap(everyMs = 25) {
  let peak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().heapUsed);
  };
}
