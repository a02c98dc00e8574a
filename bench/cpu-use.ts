// CPU time by process while a piece of work runs, read from /proc (Linux): this process, the
// processes it started, PostgreSQL's backends and Redis, so a bench can say where the work went.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of every process, in ticks, grouped under `names` (pid -> label) or the command name. */
function ticksByProcess(names: ReadonlyMap<number, string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const dir of readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${dir}/stat`, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const label = names.get(Number(dir)) ?? stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    out.set(label, (out.get(label) ?? 0) + Number(fields[11]) + Number(fields[12]));
  }
  return out;
}

function machineTicks() {
  const t = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  return { total: t.reduce((a, b) => a + b, 0), idle: t[3]! + t[4]! };
}

export interface CpuUse {
  /** Milliseconds of CPU per process label (only those that used some). */
  byProcess: Record<string, number>;
  /** Milliseconds of CPU the whole machine spent, and could have spent (wall x CPUs). */
  busyMs: number;
  capacityMs: number;
}

/** Runs `work` and returns its result with the CPU each process used meanwhile. */
export async function cpuUseOf<T>(names: ReadonlyMap<number, string>, work: () => Promise<T>): Promise<{ value: T; cpu: CpuUse }> {
  const [p0, m0] = [ticksByProcess(names), machineTicks()];
  const value = await work();
  const [p1, m1] = [ticksByProcess(names), machineTicks()];
  const byProcess: Record<string, number> = {};
  for (const [label, t] of p1) {
    const used = (t - (p0.get(label) ?? t)) * TICK_MS;
    if (used > 0) byProcess[label] = used;
  }
  return {
    value,
    cpu: { byProcess, busyMs: (m1.total - m1.idle - (m0.total - m0.idle)) * TICK_MS, capacityMs: (m1.total - m0.total) * TICK_MS },
  };
}

/** Sums of several runs, per process, divided by `per` (e.g. ms of CPU per email), largest first. */
export function cpuPer(uses: readonly CpuUse[], per: number, keep: readonly string[]): string {
  const sum = new Map<string, number>();
  for (const u of uses) for (const [k, v] of Object.entries(u.byProcess)) sum.set(k, (sum.get(k) ?? 0) + v);
  const busy = uses.reduce((s, u) => s + u.busyMs, 0);
  const capacity = uses.reduce((s, u) => s + u.capacityMs, 0);
  const listed = keep.filter((k) => sum.has(k)).map((k) => `${k} ${(sum.get(k)! / per).toFixed(2)}`);
  return `${listed.join(', ')}; machine ${(busy / per).toFixed(2)} (busy ${capacity ? Math.round((busy / capacity) * 100) : 0}% of its CPUs)`;
}
