// The backfill's checkpoint: where the listing is (the cursor of the page
// being worked on), which users of that page are done, and the running
// counts. Written atomically after every user, so a stopped run resumes
// exactly where it left off without redoing or skipping anyone.
import { readFile, rename, writeFile } from "node:fs/promises";

export function fresh(endpoint) {
  return { version: 1, endpoint, cursor: null, done: [], complete: false, counts: {}, failed: {} };
}

export async function load(path, endpoint) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return fresh(endpoint);
  }
  const cp = JSON.parse(text);
  if (cp.version !== 1 || cp.endpoint !== endpoint) {
    throw new Error(`${path} belongs to another run (${cp.endpoint}); pass another --checkpoint`);
  }
  return cp;
}

export async function save(path, cp) {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(cp));
  await rename(tmp, path);
}
