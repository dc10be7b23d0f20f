import { readFileSync } from 'node:fs';
import type { ServerProcess } from './bench-process';

const TICKS_PER_SECOND = 100;

/**
 * CPU seconds a server process has used (user and system), from /proc. On a machine others load, the server's CPU
 * per request moves far less than requests per second do.
 */
export function cpuSecondsOf(server: ServerProcess): number {
  const stat = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}
