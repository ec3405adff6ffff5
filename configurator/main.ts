// The configurator page: the form (form.ts) edits a config; each change
// runs the chosen event through the Node twin's core (run.ts), asks the
// core what it thinks of the config, and rebuilds the file to hand over
// (handover.ts); the state lives in the URL's hash (share.ts).
import * as twin from "../pkg/enrich-hook.mjs";
import { configOf } from "../backfill/hook-file.mjs";
import { HOOK_FILE_LIMIT } from "../build/authgear-limit.mjs";
import { pageData } from "./data.ts";
import { byId, fill, h } from "./dom.ts";
import { type FormState, renderForm } from "./form.ts";
import { handover } from "./handover.ts";
import { type Config, customRows } from "./model.ts";
import { type Project, readProject } from "./project.ts";
import { type RunView, tryIt } from "./run.ts";
import { fromHash, toHash } from "./share.ts";

const data = pageData();
const cat = await twin.catalog();
const shipped = (file: "signup" | "login"): Config => configOf(data.files[file]);

let state: FormState = { file: "signup", config: shipped("signup"), faults: {}, projectText: "" };
let sample = data.samples[0].id;
const notices: string[] = [];
const shared = fromHash(location.hash);
if (shared && "problem" in shared) notices.push(shared.problem);
else if (shared) {
  state = { ...state, file: shared.file, config: shared.config };
  if (data.samples.some((s) => s.id === shared.sample)) sample = shared.sample!;
}

const eventBox = byId<HTMLTextAreaElement>("event");
const sampleSelect = byId<HTMLSelectElement>("sample");
fill(
  sampleSelect,
  ...data.samples.map((s) => h("option", { value: s.id }, s.label)),
  h("option", { value: "pasted" }, "my own event (paste it below)"),
);
sampleSelect.value = sample;
eventBox.value = data.samples.find((s) => s.id === sample)?.text ?? "";

let generation = 0;
function update(next: FormState, redraw = true) {
  state = next;
  if (redraw) renderForm(() => state, cat, update);
  for (const f of ["signup", "login"] as const) byId<HTMLInputElement>(`file-${f}`).checked = state.file === f;
  const hash = toHash({ config: state.config, sample: sample === "pasted" ? undefined : sample, file: state.file });
  history.replaceState(null, "", hash);
  byId<HTMLInputElement>("share-link").value = location.href;
  void refresh(++generation);
}

/** Everything the page shows for the current state, computed afresh (the latest state wins). */
async function refresh(gen: number) {
  const project = readProject(state.projectText);
  const [check, projectCheck, run] = await Promise.all([
    twin.checkConfig(state.config),
    // The project's names and types, judged by the core's rules for a config's custom attributes.
    twin.checkConfig({ custom: project.attributes }),
    tryIt({
      file: state.file,
      config: state.config,
      eventText: eventBox.value,
      project: project.attributes,
      faults: state.faults,
      recordings: data.recordings,
      defaults: cat.defaults.sources,
    }),
  ]);
  if (gen !== generation) return;
  showCheck(check, [...project.problems, ...projectCheck.errors], project.attributes);
  showRun(run);
  showHandover();
}

function lines(list: string[], cls = "") {
  return list.length ? h("ul", { class: cls }, ...list.map((l) => h("li", {}, l))) : h("p", { class: "hint" }, "none");
}

function showCheck(check: { errors: string[]; warnings: string[] }, problems: string[], known: Project) {
  const flagged: string[] = [...notices, ...problems.map((p) => `project list: ${p}`)];
  if (Object.keys(known).length) {
    const named = customRows(state.config).map((r) => [r.name, r.type] as const);
    if (state.config.statusAttribute) named.push([state.config.statusAttribute, "string"]);
    for (const [name, type] of named) {
      if (!known[name]) {
        flagged.push(`${name}: the project has no such custom attribute (Authgear would drop its value)`);
      } else if (known[name].type !== type) {
        flagged.push(`${name}: the project's type is ${known[name].type}, the config says ${type}`);
      }
    }
  }
  fill(
    byId("config-check"),
    check.errors.length
      ? h("p", { class: "bad" }, "The core refuses this config: the hook would run without enrichment.")
      : h("p", { class: "good" }, "The core takes this config."),
    lines(check.errors, "bad"),
    check.warnings.length ? h("p", {}, "Adjusted:") : null,
    check.warnings.length ? lines(check.warnings) : null,
    flagged.length ? h("p", { class: "bad" }, "Against the project:") : null,
    flagged.length ? lines(flagged, "bad") : null,
  );
}

const json = (v: unknown) => JSON.stringify(v, null, 2);

function showRun(r: RunView) {
  byId("path").textContent = r.path;
  const rows = (r.explain ?? []).map((e) =>
    h(
      "tr",
      { class: e.outcome },
      // Break long names after their dots, not mid-word.
      h("th", { scope: "row" }, ...e.attribute.split(".").flatMap((p, i) => (i ? [".", h("wbr"), p] : [p]))),
      h("td", {}, e.outcome),
      h("td", {}, e.value === null || e.value === undefined ? "—" : JSON.stringify(e.value)),
      h("td", {}, e.source ?? "—"),
      h("td", {}, e.notes.length ? h("ul", {}, ...e.notes.map((n) => h("li", {}, n))) : ""),
    )
  );
  fill(
    byId("attributes"),
    rows.length
      ? h(
        "table",
        { class: "grid" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["attribute", "outcome", "value", "source", "values dropped, and why"].map((t) => h("th", {}, t)),
          ),
        ),
        h("tbody", {}, ...rows),
      )
      : h("p", { class: "hint" }, "No attribute was considered on this event."),
    r.notes.length ? lines(r.notes) : null,
  );
  byId("response").textContent = json(r.response);
  byId("write-box").hidden = r.write === undefined;
  byId("write").textContent = r.write === undefined ? "" : json(r.write);
  byId("status").textContent = r.status ?? "(no status attribute written)";
  byId("log").textContent = r.log.length ? r.log.join("\n") : "(nothing logged)";
  fill(
    byId("verdict"),
    h(
      "p",
      { class: r.verdict.ok ? "good" : "bad" },
      r.verdict.ok ? "Authgear accepts the answer." : "Authgear refuses the answer.",
    ),
    lines(r.verdict.lines),
  );
  fill(
    byId("requests"),
    r.requests.length
      ? lines(r.requests.map((q) => `${q.source} (${q.input}): ${q.how}`))
      : h("p", { class: "hint" }, "No live source was called."),
  );
}

let fileUrl: string | undefined;
function showHandover() {
  const hand = handover(state.file, data.files[state.file], state.config);
  const over = hand.margin < 0;
  fill(
    byId("size"),
    h("strong", { class: over ? "bad" : "good" }, `${hand.bytes.toLocaleString("en")} B`),
    ` of Authgear's ${HOOK_FILE_LIMIT.toLocaleString("en")} B: ${
      over ? `${(-hand.margin).toLocaleString("en")} B too many` : `${hand.margin.toLocaleString("en")} B to spare`
    }.`,
  );
  if (fileUrl) URL.revokeObjectURL(fileUrl);
  fileUrl = URL.createObjectURL(new Blob([hand.text], { type: "text/plain" }));
  const link = byId<HTMLAnchorElement>("download");
  link.href = fileUrl;
  link.download = hand.name;
  link.textContent = `Download ${hand.name}`;
  byId<HTMLTextAreaElement>("file-text").value = hand.text;
  fill(byId("steps"), ...hand.steps.map((s) => h("li", {}, s)));
  byId("commands").textContent = hand.commands.join("\n");
}

async function copyText(text: string, button: HTMLElement) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy blocked: select the text below and copy it";
  }
}

byId("copy").addEventListener(
  "click",
  (e) => copyText(byId<HTMLTextAreaElement>("file-text").value, e.currentTarget as HTMLElement),
);
byId("copy-link").addEventListener(
  "click",
  (e) => copyText(byId<HTMLInputElement>("share-link").value, e.currentTarget as HTMLElement),
);
for (const f of ["signup", "login"] as const) {
  byId("file-" + f).addEventListener("change", () => {
    // The other file's shipped block, keeping what this config says (adminApi only in the login file).
    const { adminApi, ...rest } = state.config;
    const config = f === "login" ? { ...rest, adminApi: adminApi ?? shipped("login").adminApi } : rest;
    update({ ...state, file: f, config: config as Config });
  });
}
sampleSelect.addEventListener("change", () => {
  sample = sampleSelect.value;
  const s = data.samples.find((x) => x.id === sample);
  if (s) eventBox.value = s.text;
  update(state, false);
});
eventBox.addEventListener("change", () => {
  sample = data.samples.find((x) => x.text === eventBox.value)?.id ?? "pasted";
  sampleSelect.value = sample;
  update(state, false);
});
byId("run").addEventListener("click", () => update(state, false));

/** A configured hook file, pasted or dropped: the form takes its config. */
function load(text: string) {
  const out = byId("load-result");
  try {
    const config = configOf(text);
    const file = text.includes("EnrichLoginConfig") || text.startsWith("// enrich-login") ? "login" : "signup";
    out.textContent = `Loaded the config of a ${file === "login" ? "login" : "signup"} file.`;
    out.className = "good";
    update({ ...state, file, config });
  } catch (err) {
    out.textContent = `Not loaded: ${(err as Error).message}`;
    out.className = "bad";
  }
}
const loadBox = byId<HTMLTextAreaElement>("load-text");
byId("load-button").addEventListener("click", () => load(loadBox.value));
loadBox.addEventListener("dragover", (e) => e.preventDefault());
loadBox.addEventListener("drop", async (e) => {
  const f = e.dataTransfer?.files?.[0];
  if (!f) return;
  e.preventDefault();
  loadBox.value = await f.text();
  load(loadBox.value);
});

update(state);
