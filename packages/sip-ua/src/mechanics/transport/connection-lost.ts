import type { Socket } from 'node:net';

/**
 * Who waits on each connection: a request written on it whose final response has not come. A
 * reset or close ends them at once (one 'close' listener per socket, however many requests).
 */
export function watchLostConnections(): {
  watch(socket: Socket, onLost: (detail: string) => void, until?: AbortSignal): void;
} {
  const waiting = new WeakMap<Socket, Set<(detail: string) => void>>();
  return {
    watch(socket, onLost, until) {
      if (until?.aborted) return;
      if (socket.destroyed || socket.readyState === 'closed') {
        queueMicrotask(() => onLost('the connection closed right after the request was written'));
        return;
      }
      let listeners = waiting.get(socket);
      if (!listeners) {
        const set = new Set<(detail: string) => void>();
        listeners = set;
        waiting.set(socket, set);
        let cause: string | undefined;
        socket.on('error', (error: Error) => {
          cause ??= error.message;
        });
        socket.once('close', () => {
          const detail = cause
            ? `the connection failed before a final response (${cause})`
            : 'the peer closed the connection before a final response';
          for (const listener of [...set]) listener(detail);
          set.clear();
        });
      }
      const set = listeners;
      set.add(onLost);
      until?.addEventListener('abort', () => set.delete(onLost), { once: true });
    },
  };
}
