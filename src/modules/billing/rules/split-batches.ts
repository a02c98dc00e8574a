// How a run's due clients are cut into batches: contiguous client id ranges, each at most
// `maxClients` clients or (past its first client) `maxServices` services, so one job's
// transaction stays short whatever the size of the host.

/** Contiguous (after, upTo] client ranges: the first starts after 0, each next after the previous end. */
export function splitIntoBatches(
  due: { clientId: number; services: number }[],
  maxClients: number,
  maxServices: number,
): { after: number; upTo: number }[] {
  const out: { after: number; upTo: number }[] = [];
  let after = 0;
  let clients = 0;
  let services = 0;
  for (let i = 0; i < due.length; i++) {
    const d = due[i]!;
    clients++;
    services += d.services;
    const last = i === due.length - 1;
    if (last || clients >= maxClients || services >= maxServices) {
      out.push({ after, upTo: d.clientId });
      after = d.clientId;
      clients = 0;
      services = 0;
    }
  }
  return out;
}
