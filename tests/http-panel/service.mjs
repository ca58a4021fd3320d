// Starts the programs the HTTP tests talk to (the emulator, 'actionnode
// serve --http') and reads the address each prints on its first line.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// Each service keeps its store in a data directory of its own, removed when it stops.
export function start(command, args, env = {}) {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'actionnode-test-'));
  const child = spawn(command, args, {
    env: { ...process.env, ACTIONNODE_DATA_DIR: dataDirectory, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.once('close', () => rmSync(dataDirectory, { recursive: true, force: true }));
  const errors = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => errors.push(chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} printed no address within 15 s: ${errors.join('')}`)), 15000);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = /^listening on (https?:\/\/\S+)$/.exec(line);
      if (!match) reject(new Error(`${command}: unexpected first line "${line}"`));
      else resolve({ child, url: match[1], stderr: () => errors.join('') });
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${command} exited (${code}): ${errors.join('')}`)); });
  });
}

export function stop(service) {
  if (!service || service.child.exitCode !== null) return Promise.resolve(service && service.child.exitCode);
  return new Promise((resolve) => {
    service.child.removeAllListeners('exit');
    service.child.once('exit', (code) => resolve(code));
    service.child.kill('SIGTERM');
  });
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}
