// The configurator page (configurator/) as one self-contained HTML file,
// pkg/configurator.html: its modules bundled by esbuild with the Node twin
// this build just made (the same core, explain mode), its style, and its data
// (the two pasted files, the sample events, each preset's recorded answer)
// as a JSON block. It opens from disk with no network.
import * as esbuild from "esbuild";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./tools.mjs";

/** The sample events the page offers, in order: samples/<id>.json. */
export const SAMPLES = [
  ["german-signup", "A German signup (e-mail, de-DE, an IP in Germany)"],
  ["oauth-google-workspace-signup", "A Google Workspace user (OAuth)"],
  ["japanese-phone-signup", "A Japanese phone signup (IPv6)"],
  ["admin-created", "A user an admin creates"],
  ["profile-update", "A profile update"],
  ["login", "A returning user logs in (user.authenticated)"],
  ["malformed-event", "A malformed event"],
];

const read = (p) => readFileSync(join(root, p), "utf8");

/** The page, from the built twin's text and the two pasted files. */
export async function configuratorPage({ twin, signup, login }) {
  const twinPath = join(root, "pkg/enrich-hook.mjs");
  const result = await esbuild.build({
    entryPoints: [join(root, "configurator/main.ts")],
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "browser",
    write: false,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
    plugins: [{
      name: "twin",
      setup(b) {
        // The twin as this build made it (pkg/ may not hold it yet: --check).
        b.onLoad(
          { filter: /pkg\/enrich-hook\.mjs$/ },
          (args) => args.path === twinPath ? { contents: twin, loader: "js" } : undefined,
        );
      },
    }],
  });
  const script = result.outputFiles[0].text;
  if (script.includes("</script")) throw new Error("the page's script would end its own <script> element");
  const data = {
    files: { signup, login },
    samples: SAMPLES.map(([id, label]) => ({ id, label, text: read(`samples/${id}.json`) })),
    recordings: JSON.parse(read("tests/fixtures/providers.json")),
  };
  // `<` escaped: the JSON block cannot end its element.
  const json = JSON.stringify(data).replaceAll("<", "\\u003c");
  const [head, afterStyle] = read("configurator/index.html").split("/* STYLE */");
  const [middle, afterData] = afterStyle.split("/* DATA */");
  const [beforeScript, tail] = afterData.split("/* SCRIPT */");
  return head + read("configurator/style.css") + middle + json + beforeScript + script + tail;
}
