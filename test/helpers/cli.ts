import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled CLI, as `npx mock-idp` runs it (`npm test` builds it first). */
export const cliPath = fileURLToPath(new URL('../../dist/cli/launch.js', import.meta.url));

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mock-idp-cli-'));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion (for commands that exit). */
export function runCli(args: string[], cwd = tempDir(), env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunningCli {
  child: ChildProcess;
  readyLine: string;
  stderr: () => string;
  stop: () => Promise<void>;
}

/** Starts `mock-idp start …` and resolves once it prints its ready line. */
export function startCli(args: string[], cwd = tempDir(), env: NodeJS.ProcessEnv = {}): Promise<RunningCli> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'start', ...args], {
      cwd,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      const line = stdout.split('\n').find((l) => l.startsWith('mock-idp ready:'));
      if (line) resolve({ child, readyLine: line, stderr: () => stderr, stop });
    });
    child.on('exit', (code) => reject(new Error(`mock-idp exited with ${code} before ready: ${stderr}`)));
  });
}

/** The base URL in a ready line. */
export function urlOf(readyLine: string): string {
  return /http:\/\/[^\s)]+/.exec(readyLine)?.[0] as string;
}
