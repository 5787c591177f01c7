import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'mithril.js');

describe('bin/mithril.js', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'forwards %s to the real process, which stops and drops its connection',
    async (signal) => {
      // An aggregator that accepts the connection and never answers: the command waits on it until it is stopped.
      const sockets: Socket[] = [];
      const accepted = new Promise<Socket>((resolve) => {
        const server = createServer((socket) => {
          sockets.push(socket);
          resolve(socket);
        });
        server.listen(0, '127.0.0.1', () => {
          const address = server.address();
          const port = typeof address === 'object' && address !== null ? address.port : 0;
          const child = spawn(process.execPath, [BIN, 'certificate', 'list', '--aggregator-endpoint', `http://127.0.0.1:${port}/aggregator`], {
            stdio: 'ignore',
          });
          shim = child;
          closeServer = () => new Promise<void>((done) => server.close(() => done()));
        });
      });
      let shim: ReturnType<typeof spawn> | undefined;
      let closeServer: () => Promise<void> = async () => undefined;
      const socket = await accepted;
      const dropped = once(socket, 'close');
      const exited = once(shim!, 'exit');
      shim!.kill(signal);
      // The socket belongs to the process behind the shim: it only closes if that process ends.
      await dropped;
      const [code, killedBy] = (await exited) as [number | null, NodeJS.Signals | null];
      expect(code !== 0 || killedBy !== null).toBe(true);
      for (const s of sockets) s.destroy();
      await closeServer();
    },
    60_000,
  );
});
