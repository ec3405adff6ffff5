// What Authgear's Deno runner does with a hook (authgear-deno): import the
// script, check the default export, await it with the event, JSON.stringify
// the result into the output file. Run as
//   deno run --quiet --allow-read=<script>,<input> --allow-write=<output> authgear-runner.ts <script> <input> <output>
const [script, input, output] = Deno.args;
const mod = await import(new URL(`file://${script}`).href);
if (typeof mod.default !== "function") throw new Error("default export is not a function");
const event = JSON.parse(await Deno.readTextFile(input));
const result = await mod.default(event);
await Deno.writeTextFile(output, JSON.stringify(result));
