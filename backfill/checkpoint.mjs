// The backfill's checkpoint: where the listing is (the `after` cursor of the
// next page), the running counts, and — in an append-only log beside it
// (`<checkpoint>.done`, one user ID per line) — every user already
// processed. The log is what keeps a resumed or long run from redoing
// anyone however the offset pages shift; appending costs the same at the
// 100,000th user as at the first. The JSON part is replaced atomically.
import { appendFile, readFile, rename, writeFile } from "node:fs/promises";

const VERSION = 2;

export function fresh(endpoint, projectId) {
  return {
    version: VERSION,
    endpoint,
    projectId,
    cursor: null,
    complete: false,
    counts: {},
    failed: {},
    noIp: 0,
    restarts: 0,
  };
}

/** The checkpoint and the set of processed user IDs (empty for a new run). */
export async function load(path, endpoint, projectId) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return { cp: fresh(endpoint, projectId), done: new Set() };
  }
  const cp = JSON.parse(text);
  if (cp.version !== VERSION || cp.endpoint !== endpoint || cp.projectId !== projectId) {
    throw new Error(`${path} belongs to another run (${cp.endpoint}, ${cp.projectId}); pass another --checkpoint`);
  }
  const log = await readFile(`${path}.done`, "utf8").catch(() => "");
  return { cp, done: new Set(log.split("\n").filter(Boolean)) };
}

export async function save(path, cp) {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(cp));
  await rename(tmp, path);
}

export function markDone(path, id) {
  return appendFile(`${path}.done`, `${id}\n`);
}
