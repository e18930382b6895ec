import fs from 'node:fs';

/**
 * CPU time (user + system, ms) a process and its live children have used so far, read from
 * Linux's /proc. Sampled before and after a load run, it gives CPU per request for each process
 * (nginx master and worker, Runwatch, the simulator) regardless of how the OS scheduled them.
 * Null where /proc is not available.
 */
const TICKS_PER_SECOND = 100;

function readStat(pid: number): { ppid: number; cpuMs: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses; the fields after it are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { ppid, cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

export function processTreeCpuMs(pid: number): number | null {
  const own = readStat(pid);
  if (!own) return null;
  let total = own.cpuMs;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && stat.ppid === pid) total += stat.cpuMs;
  }
  return total;
}

/** This process's CPU time in ms. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
