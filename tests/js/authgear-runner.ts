// What Authgear's Deno runner does with a hook (authgear-deno pkg/deno/runner.ts):
// read the input, import the script, check the default export, await it with
// the event, JSON.stringify the result (undefined as null) into the output
// file, newline-terminated. Run as
//   deno run --quiet --allow-read=<script>,<input> --allow-write=<output> authgear-runner.ts <script> <input> <output>
const [script, input, output] = Deno.args;
const event = JSON.parse(await Deno.readTextFile(input));
const mod = await import(new URL(`file://${script}`).href);
if (typeof mod.default !== "function") {
  console.error("The hook must export a default function.");
  Deno.exit(1);
}
const result = await Promise.resolve(mod.default(event));
await Deno.writeTextFile(output, (JSON.stringify(result) ?? "null") + "\n");
