// The Authgear runner's steps (tests/js/authgear-runner.ts), plus one line
// on stderr: how long the default export took, in ms.
const [script, input, output] = Deno.args;
const mod = await import(new URL(`file://${script}`).href);
const event = JSON.parse(await Deno.readTextFile(input));
const t = performance.now();
const result = await mod.default(event);
console.error(`call-ms ${performance.now() - t}`);
await Deno.writeTextFile(output, JSON.stringify(result));
