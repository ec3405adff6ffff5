// The Authgear runner's steps, on Node 20, for the Node twin of the hook.
import { readFile, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

const [script, input, output] = process.argv.slice(2);
const mod = await import(pathToFileURL(script).href);
if (typeof mod.default !== "function") throw new Error("default export is not a function");
const event = JSON.parse(await readFile(input, "utf8"));
const result = await mod.default(event);
await writeFile(output, JSON.stringify(result));
