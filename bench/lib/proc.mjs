/** Process facts from Linux's /proc: resident memory and CPU time of a child; the sleep helper the probes need. */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/**
 * Memory figures of process `pid` from /proc/PID/status, in MB (1 MB = 1024 kB as the kernel counts):
 * `rssMb` (VmRSS), `hwmMb` (VmHWM, peak RSS), `anonMb` (RssAnon: heap and the like, without mapped files).
 * Resolves with undefined where /proc is missing (not Linux).
 */
export async function memoryOf(pid) {
  let text;
  try {
    text = await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) / 1024 : Number.NaN;
  };
  return { rssMb: field('VmRSS'), hwmMb: field('VmHWM'), anonMb: field('RssAnon') };
}

let ticksPerSecond;
function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time (user + system, all threads) process `pid` has used so far, in ms; NaN where /proc is missing. */
export async function cpuTimeOf(pid) {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return Number.NaN;
  }
}

/**
 * Runs `fn()` and resolves with `{ result, serverCpuMs, clientCpuMs }`: CPU time the process `pid` (the
 * server under test; an array of pids: all of them together) and this process (the load generator) used
 * meanwhile, in ms (10 ms resolution per server process).
 */
export async function withCpu(pid, fn) {
  const serverTime = async () => {
    const times = await Promise.all([pid].flat().map(cpuTimeOf));
    return times.reduce((total, time) => total + time, 0);
  };
  const serverBefore = await serverTime();
  const clientBefore = process.cpuUsage();
  const result = await fn();
  const client = process.cpuUsage(clientBefore);
  const serverAfter = await serverTime();
  return {
    result,
    serverCpuMs: serverAfter - serverBefore,
    clientCpuMs: (client.user + client.system) / 1000,
  };
}
