import { spawn } from 'node:child_process';
import { connect } from 'node:net';

/** A Redis server the tests can use. */
export interface TestRedis {
  /** `redis://` URL of the server. */
  readonly url: string;
  /** Stops the server when this helper started it; a no-op for an external one. */
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A real Redis for tests: the server named by `REDIS_URL` when set, else a throwaway `redis-server` (Debian package
 * `redis-server`) started on a random loopback port with persistence off. Tests share nothing: callers namespace
 * their keys.
 */
export async function startTestRedis(): Promise<TestRedis> {
  const external = process.env['REDIS_URL'];
  if (external !== undefined && external !== '') return { url: external, stop: async () => {} };
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`redis-server could not start (apt-get install redis-server): ${error.message}`)));
  });
  for (let i = 0; i < 200; i++) {
    const open = await Promise.race([portOpen(port), failed]);
    if (open) {
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not start listening');
}
