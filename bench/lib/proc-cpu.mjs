// CPU time of another process, read from /proc/<pid>/stat (utime + stime, in clock ticks).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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

/** CPU time (µs) `pid` has used so far, or undefined once it has exited. */
export function cpuMicros(pid) {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / clockTicks();
  } catch {
    return undefined; // exited
  }
}

/** Samples `pid`'s CPU time every `everyMs` until stopped; returns the last reading (µs). */
export function watchProcessCpu(pid, everyMs = 20) {
  let last = cpuMicros(pid) ?? 0;
  const timer = setInterval(() => {
    last = cpuMicros(pid) ?? last;
  }, everyMs);
  return () => {
    clearInterval(timer);
    return cpuMicros(pid) ?? last;
  };
}
