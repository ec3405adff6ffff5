// The settings form and the config, both ways: `renderForm` draws the form
// from a config, and every control writes its change back into a copy of
// the config (`onChange`). The config is the state; the form is a view of
// it, so a loaded file or a shared link shows as it would be edited. The
// choices (fields, types, presets, policies, triggers) and defaults are the
// core's catalog.
import type { Catalog } from "../js-shim/twin.ts";
import { byId, fill, h, labelled, select } from "./dom.ts";
import {
  type Config,
  copy,
  type CustomRow,
  customRows,
  mappingOf,
  type Source,
  sourceName,
  sourcesOf,
  stringAttributes,
  withCustom,
  withMapping,
} from "./model.ts";
import { readProject } from "./project.ts";
import { type Fault, FAULTS } from "./recorded.ts";

/** What the form edits besides the config: the file, the faults, the project's attributes. */
export interface FormState {
  file: "signup" | "login";
  config: Config;
  faults: Record<string, Fault>;
  projectText: string;
}

type Change = (s: FormState, redraw?: boolean) => void;

/**
 * Draw the form for the state `get()` gives into the page's form sections.
 * Every control reads the state again when it changes (`get`): a change
 * elsewhere that did not redraw the form is never undone by a stale copy.
 */
export function renderForm(get: () => FormState, cat: Catalog, onChange: Change): void {
  const s = get();
  fill(byId("standard"), ...standardRows(s, get, cat, onChange));
  fill(byId("custom"), ...customSection(s, get, cat, onChange));
  fill(byId("sources"), ...sourcesSection(s, get, cat, onChange));
  fill(byId("options"), ...optionsSection(s, get, cat, onChange));
  fill(byId("login"), ...loginSection(s, get, cat, onChange));
  byId("login").hidden = s.file !== "login";
}

/** The current state with `config` changed by `f`. */
const edited = (get: () => FormState, f: (c: Config) => Config): FormState => {
  const s = get();
  return { ...s, config: f(s.config) };
};
const num = (v: string) => (v.trim() === "" ? undefined : Number(v));

/** A number input in the core's range for `limit`, its default as the placeholder. */
function msInput(
  attrs: Record<string, string>,
  [min, max]: [number, number],
  value: unknown,
  fallback: number,
  set: (v: number | undefined) => void,
): HTMLElement {
  return h("input", {
    ...attrs,
    type: "number",
    min,
    max,
    value: typeof value === "number" ? value : "",
    placeholder: String(fallback),
    onchange: (e) => set(num((e.target as HTMLInputElement).value)),
  });
}

function standardRows(s: FormState, get: () => FormState, cat: Catalog, onChange: Change): HTMLElement[] {
  const attrs = [...cat.standard, ...cat.address.map((p) => `address.${p}`)];
  const rows = attrs.map((attr) => {
    const m = mappingOf(s.config, attr);
    const id = `std-${attr.replace(".", "-")}`;
    const from = select(
      {
        id,
        "aria-label": `${attr}: field`,
        onchange: (e) => change({ ...m, from: (e.target as HTMLSelectElement).value }),
      },
      [["", "—"], ...cat.fields.map((f): [string, string] => [f, f])],
      m.from,
    );
    const policy = select(
      {
        "aria-label": `${attr}: policy`,
        disabled: m.from === "",
        onchange: (e) => change({ ...m, policy: (e.target as HTMLSelectElement).value }),
      },
      cat.policies,
      m.policy,
    );
    function change(next: typeof m) {
      onChange(edited(get, (c) => withMapping(c, attr, next)), true);
    }
    return h(
      "tr",
      {},
      h("th", { scope: "row" }, h("label", { for: id }, attr)),
      h("td", {}, from),
      h("td", {}, policy),
    );
  });
  return [
    h(
      "table",
      { class: "grid" },
      h("thead", {}, h("tr", {}, h("th", {}, "attribute"), h("th", {}, "from field"), h("th", {}, "policy"))),
      h("tbody", {}, ...rows),
    ),
  ];
}

function customSection(s: FormState, get: () => FormState, cat: Catalog, onChange: Change): HTMLElement[] {
  const rows = customRows(s.config);
  const current = () => customRows(get().config);
  const write = (next: CustomRow[], redraw = true) => onChange(edited(get, (c) => withCustom(c, next)), redraw);
  const edit = (i: number, patch: Partial<CustomRow>, redraw = false) =>
    write(current().map((r, j) => (j === i ? { ...r, ...patch } : r)), redraw);
  const body = rows.map((r, i) => {
    const numeric = r.type === "number" || r.type === "integer";
    return h(
      "tr",
      {},
      h(
        "td",
        {},
        h("input", {
          value: r.name,
          "aria-label": `custom attribute ${i + 1}: name`,
          onchange: (e) => edit(i, { name: (e.target as HTMLInputElement).value.trim() }, true),
        }),
      ),
      h(
        "td",
        {},
        select(
          {
            "aria-label": `${r.name}: type`,
            onchange: (e) => edit(i, { type: (e.target as HTMLSelectElement).value }, true),
          },
          cat.customTypes,
          r.type,
        ),
      ),
      h(
        "td",
        {},
        r.type === "enum"
          ? h("input", {
            value: r.enum.join(", "),
            "aria-label": `${r.name}: enum values`,
            placeholder: "free, pro",
            onchange: (e) =>
              edit(i, { enum: (e.target as HTMLInputElement).value.split(",").map((v) => v.trim()).filter(Boolean) }),
          })
          : numeric
          ? h(
            "span",
            { class: "pair" },
            h("input", {
              type: "number",
              value: r.minimum ?? "",
              placeholder: "min",
              "aria-label": `${r.name}: minimum`,
              onchange: (e) => edit(i, { minimum: num((e.target as HTMLInputElement).value) }),
            }),
            h("input", {
              type: "number",
              value: r.maximum ?? "",
              placeholder: "max",
              "aria-label": `${r.name}: maximum`,
              onchange: (e) => edit(i, { maximum: num((e.target as HTMLInputElement).value) }),
            }),
          )
          : "",
      ),
      h(
        "td",
        {},
        select(
          {
            "aria-label": `${r.name}: from field`,
            onchange: (e) => edit(i, { from: (e.target as HTMLSelectElement).value }, true),
          },
          [["", "— declared only"], ...cat.fields.map((f): [string, string] => [f, f])],
          r.from,
        ),
      ),
      h(
        "td",
        {},
        select(
          {
            "aria-label": `${r.name}: policy`,
            disabled: !r.from,
            onchange: (e) => edit(i, { policy: (e.target as HTMLSelectElement).value }),
          },
          cat.policies,
          r.policy,
        ),
      ),
      h(
        "td",
        {},
        h(
          "button",
          {
            type: "button",
            "aria-label": `remove ${r.name}`,
            onclick: () => write(current().filter((_, j) => j !== i)),
          },
          "×",
        ),
      ),
    );
  });
  const fresh = (rows: CustomRow[]) => {
    let n = rows.length + 1;
    while (rows.some((r) => r.name === `attribute_${n}`)) n++;
    return `attribute_${n}`;
  };
  const project = h("textarea", {
    id: "project",
    rows: 4,
    placeholder: "- pointer: /country\n  type: country_code\n(or one per line: plan enum free pro)",
    "aria-describedby": "project-help",
  }) as HTMLTextAreaElement;
  project.value = s.projectText;
  project.addEventListener("change", () => onChange({ ...get(), projectText: project.value }, false));
  const declareAll = () => {
    const read = readProject(project.value);
    const rows = current();
    const known = new Set(rows.map((r) => r.name));
    const added: CustomRow[] = Object.entries(read.attributes).filter(([n]) => !known.has(n)).map(([name, a]) => ({
      name,
      type: a.type,
      from: "",
      policy: "fill",
      enum: a.enum ?? [],
      minimum: a.minimum,
      maximum: a.maximum,
    }));
    const now = get();
    onChange({ ...now, projectText: project.value, config: withCustom(now.config, [...rows, ...added]) }, true);
  };
  return [
    h(
      "table",
      { class: "grid" },
      h(
        "thead",
        {},
        h("tr", {}, ...["name", "type", "values", "from field", "policy", ""].map((t) => h("th", {}, t))),
      ),
      h("tbody", {}, ...body),
    ),
    h(
      "button",
      {
        type: "button",
        id: "add-custom",
        onclick: () => {
          const rows = current();
          write([...rows, { name: fresh(rows), type: "string", from: "", policy: "fill", enum: [] }]);
        },
      },
      "Add a custom attribute",
    ),
    labelled("The project's custom attributes (optional)", project),
    h(
      "p",
      { id: "project-help", class: "hint" },
      "Paste user_profile.custom_attributes.attributes from authgear.yaml, or type the portal's list (one per line: name type). Declare all adds the ones the config lacks; anything the config names that the project lacks is flagged below.",
    ),
    h("button", { type: "button", id: "declare-all", onclick: declareAll }, "Declare all"),
  ];
}

function sourcesSection(s: FormState, get: () => FormState, cat: Catalog, onChange: Change): HTMLElement[] {
  const sources = sourcesOf(s.config, cat.defaults.sources);
  const current = () => sourcesOf(get().config, cat.defaults.sources);
  const write = (next: Source[], redraw = true) =>
    onChange(edited(get, (c) => ({ ...copy(c), sources: next as Config["sources"] })), redraw);
  const move = (i: number, by: number) => {
    const next = [...current()];
    const [x] = next.splice(i, 1);
    next.splice(i + by, 0, x);
    write(next);
  };
  const editLive = (i: number, patch: Record<string, unknown>) => {
    const next = copy(current());
    const entry = next[i] as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === "" || v === false) delete entry[k];
      else entry[k] = v;
    }
    write(next, false);
  };
  const items = sources.map((src, i) => {
    const name = sourceName(src);
    const controls: HTMLElement[] = [
      h(
        "button",
        { type: "button", "aria-label": `move ${name} up`, disabled: i === 0, onclick: () => move(i, -1) },
        "↑",
      ),
      h(
        "button",
        {
          type: "button",
          "aria-label": `move ${name} down`,
          disabled: i === sources.length - 1,
          onclick: () => move(i, 1),
        },
        "↓",
      ),
      h(
        "button",
        { type: "button", "aria-label": `remove ${name}`, onclick: () => write(current().filter((_, j) => j !== i)) },
        "×",
      ),
    ];
    if (typeof src === "string") {
      return h("li", {}, h("span", { class: "source" }, name, h("small", {}, " offline")), ...controls);
    }
    const live = src as unknown as Record<string, unknown>;
    const info = typeof live.preset === "string" ? cat.presets[live.preset] : undefined;
    const fault = select(
      {
        "aria-label": `${name}: simulate`,
        onchange: (e) => {
          const now = get();
          onChange(
            { ...now, faults: { ...now.faults, [name]: (e.target as HTMLSelectElement).value as Fault } },
            false,
          );
        },
      },
      FAULTS.map((f): [string, string] => [f, f === "none" ? "recorded answer" : `simulate ${f}`]),
      s.faults[name] ?? "none",
    );
    return h(
      "li",
      {},
      h("span", { class: "source" }, name, h("small", {}, info ? ` ${info.input}, live` : " custom provider")),
      h("input", {
        type: "password",
        autocomplete: "off",
        value: typeof live.key === "string" ? live.key : "",
        placeholder: info?.needsKey ? "key (required)" : "key (optional)",
        "aria-label": `${name}: key`,
        onchange: (e) => editLive(i, { key: (e.target as HTMLInputElement).value }),
      }),
      h(
        "label",
        { class: "inline" },
        h("input", {
          type: "checkbox",
          checked: live.fallback === true,
          onchange: (e) => editLive(i, { fallback: (e.target as HTMLInputElement).checked }),
        }),
        " fallback",
      ),
      msInput(
        { class: "ms", "aria-label": `${name}: timeout in ms` },
        cat.limits.timeoutMs,
        live.timeoutMs,
        info?.timeoutMs ?? cat.defaults.timeoutMs,
        (v) => editLive(i, { timeoutMs: v }),
      ),
      fault,
      ...controls,
    );
  });
  const offlineMissing = cat.offlineSources.filter((o) => !sources.includes(o as Source));
  const add = select({ id: "add-source", "aria-label": "source to add" }, [
    ["", "— add a source"],
    ...offlineMissing.map((o): [string, string] => [`offline:${o}`, `${o} (offline)`]),
    ...Object.entries(cat.presets).map(([p, info]): [string, string] => [
      `preset:${p}`,
      `${p} (${info.input}${info.needsKey ? ", key" : ""})`,
    ]),
  ], "");
  add.addEventListener("change", () => {
    const [kind, value] = add.value.split(/:(.*)/);
    if (!value) return;
    const now = current();
    if (kind === "offline") return write([...now, value as Source]);
    const taken = new Set(now.map(sourceName));
    const entry: Record<string, unknown> = { preset: value };
    if (taken.has(value)) entry.name = `${value}-${now.length}`;
    write([...now, entry as unknown as Source]);
  });
  return [h("ol", { class: "sources" }, ...items), labelled("Add", add)];
}

function optionsSection(s: FormState, get: () => FormState, cat: Catalog, onChange: Change): HTMLElement[] {
  const c = s.config;
  const edit = (patch: Partial<Config>, redraw = false) => {
    const next = copy(get().config) as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) {
      if (
        v === undefined || v === "" || v === false || (Array.isArray(v) && v.length === 0 && k !== "requestFieldsFor")
      ) {
        delete next[k];
      } else next[k] = v;
    }
    onChange(edited(get, () => next as Config), redraw);
  };
  const strings = stringAttributes(c);
  if (c.statusAttribute && !strings.includes(c.statusAttribute)) strings.push(c.statusAttribute);
  const status = select(
    { id: "status-attribute", onchange: (e) => edit({ statusAttribute: (e.target as HTMLSelectElement).value }) },
    [["", "— none"], ...strings.map((n): [string, string] => [n, n])],
    c.statusAttribute ?? "",
  );
  const triggersNow = () => (get().config.requestFieldsFor ?? cat.defaults.requestFieldsFor) as string[];
  const triggers = triggersNow();
  const progressive = c.progressive;
  return [
    labelled(
      "Status attribute",
      status,
      "A custom attribute of type string, declared above without a field: one line per run, visible in the portal.",
    ),
    labelled(
      "Deadline (ms)",
      msInput(
        { id: "deadline" },
        cat.limits.deadlineMs,
        c.deadlineMs,
        cat.defaults.deadlineMs,
        (v) => edit({ deadlineMs: v }),
      ),
      `All sources together, ${cat.limits.deadlineMs[0]} to ${cat.limits.deadlineMs[1]}.`,
    ),
    h(
      "label",
      { class: "inline" },
      h("input", {
        id: "on-profile-update",
        type: "checkbox",
        checked: c.onProfileUpdate === true,
        onchange: (e) => edit({ onProfileUpdate: (e.target as HTMLInputElement).checked }),
      }),
      " Also fill what is still empty on user.profile.pre_update",
    ),
    h(
      "fieldset",
      { class: "inline-set" },
      h("legend", {}, "Request-derived values (IP, languages) for events triggered by"),
      ...cat.triggers.map((t) =>
        h(
          "label",
          { class: "inline" },
          h("input", {
            type: "checkbox",
            checked: triggers.includes(t),
            onchange: (e) =>
              edit({
                requestFieldsFor: ((e.target as HTMLInputElement).checked
                  ? [...triggersNow(), t]
                  : triggersNow().filter((x) => x !== t)) as Config["requestFieldsFor"],
              }),
          }),
          ` ${t}`,
        )
      ),
    ),
    labelled(
      "Progressive profiling: attributes to ask for",
      h("input", {
        id: "progressive-ask",
        value: progressive?.ask?.join(", ") ?? "",
        placeholder: "given_name, custom:company",
        onchange: (e) => {
          const ask = (e.target as HTMLInputElement).value.split(",").map((v) => v.trim()).filter(Boolean);
          const now = get().config.progressive;
          edit({ progressive: ask.length ? { ...(now ?? {}), ask } as Config["progressive"] : undefined });
        },
      }),
      "On oidc.jwt.pre_create: a claim naming the next attributes the app should ask for.",
    ),
    labelled(
      "Free-mail domains (besides the built-in list)",
      h("input", {
        id: "free-mail",
        value: c.freeMailDomains?.join(", ") ?? "",
        placeholder: "mail.example",
        onchange: (e) =>
          edit({
            freeMailDomains: (e.target as HTMLInputElement).value.split(",").map((v) => v.trim()).filter(Boolean),
          }),
      }),
    ),
  ];
}

function loginSection(s: FormState, get: () => FormState, cat: Catalog, onChange: Change): HTMLElement[] {
  const a = s.config.adminApi ?? { endpoint: "", token: "" };
  const edit = (patch: Record<string, unknown>) => {
    const next = copy(get().config);
    const block = { ...(next.adminApi ?? { endpoint: "", token: "" }), ...patch } as Record<string, unknown>;
    for (const [k, v] of Object.entries(block)) if (v === undefined || v === false) delete block[k];
    next.adminApi = block as Config["adminApi"];
    onChange(edited(get, () => next), false);
  };
  return [
    h(
      "p",
      { class: "hint" },
      "The login file writes through the Admin API with a token that node backfill/login-token.mjs prints from your Admin API key. This page never asks for the key; the token stays on this page and out of any link.",
    ),
    labelled(
      "Endpoint",
      h("input", {
        id: "admin-endpoint",
        value: a.endpoint,
        placeholder: "https://myapp.authgear.cloud",
        onchange: (e) => edit({ endpoint: (e.target as HTMLInputElement).value.trim() }),
      }),
    ),
    labelled(
      "Token",
      h("input", {
        id: "admin-token",
        type: "password",
        autocomplete: "off",
        value: a.token,
        placeholder: "the token login-token.mjs prints",
        onchange: (e) => edit({ token: (e.target as HTMLInputElement).value.trim() }),
      }),
    ),
    labelled(
      "Login run budget (ms)",
      msInput(
        { id: "admin-timeout" },
        cat.limits.adminApiTimeoutMs,
        a.timeoutMs,
        cat.defaults.adminApiTimeoutMs,
        (v) => edit({ timeoutMs: v }),
      ),
    ),
  ];
}
