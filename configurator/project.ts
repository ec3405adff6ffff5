// The project's custom attributes, pasted by the admin: authgear.yaml's
// `user_profile.custom_attributes.attributes` (each `pointer: /name`,
// `type`, and `enum`, `minimum`, `maximum` where set: authgear-server
// pkg/lib/config/user_profile.go CustomAttributesAttributeConfig), the same
// as JSON, or the portal's list typed in, one per line (`name type`, an
// enum's values after its type). Read into `{ name: { type, … } }`, the
// shape of the config's `custom` entries; whether each name and type is one
// Authgear takes is the core's to say (main.ts asks it, as for the config).

/** One project attribute, as the config declares it. */
export interface ProjectAttribute {
  type: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
}
export type Project = Record<string, ProjectAttribute>;

/** What was read, and a line per part that was not. */
export interface ProjectRead {
  attributes: Project;
  problems: string[];
}

/** Read a pasted list. */
export function readProject(text: string): ProjectRead {
  const trimmed = text.trim();
  if (trimmed === "") return { attributes: {}, problems: [] };
  const records = trimmed.startsWith("[") || trimmed.startsWith("{") ? fromJson(trimmed) : fromLines(trimmed);
  const out: ProjectRead = { attributes: {}, problems: records.problems };
  for (const r of records.items) {
    const name = String(r.pointer ?? r.name ?? "").replace(/^\//, "");
    const type = String(r.type ?? "");
    if (name === "" || type === "") {
      out.problems.push(`an item without ${name === "" ? "a name (pointer)" : `a type (${name})`}`);
      continue;
    }
    const a: ProjectAttribute = { type };
    if (type === "enum") a.enum = (Array.isArray(r.enum) ? r.enum : []).map(String);
    if (typeof r.minimum === "number") a.minimum = r.minimum;
    if (typeof r.maximum === "number") a.maximum = r.maximum;
    out.attributes[name] = a;
  }
  return out;
}

type Item = Record<string, unknown>;

function fromJson(text: string): { items: Item[]; problems: string[] } {
  try {
    const v = JSON.parse(text);
    if (Array.isArray(v)) return { items: v.filter((x) => x && typeof x === "object"), problems: [] };
    // `{ name: { type } }`, or the whole `user_profile` section.
    const list = v?.user_profile?.custom_attributes?.attributes ?? v?.custom_attributes?.attributes ??
      v?.attributes;
    if (Array.isArray(list)) return { items: list, problems: [] };
    return { items: Object.entries(v).map(([name, spec]) => ({ name, ...(spec as object) })), problems: [] };
  } catch (err) {
    return { items: [], problems: [`not JSON: ${(err as Error).message}`] };
  }
}

/** A scalar as YAML writes it: a number, a quoted or bare string, or a flow list `[a, b]`. */
function scalar(raw: string): unknown {
  const t = raw.trim();
  if (t.startsWith("[") && t.endsWith("]")) {
    return t.slice(1, -1).split(",").map((x) => String(scalar(x))).filter((x) => x !== "");
  }
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

/**
 * The YAML list (`- id: …` items with `pointer`, `type`, `enum`, …) or the
 * portal's list typed in (`name type [enum values…]` per line).
 */
function fromLines(text: string): { items: Item[]; problems: string[] } {
  const lines = text.split("\n").map((l) => l.replace(/\s+#.*$/, "")).filter((l) => l.trim() !== "");
  const yaml = lines.some((l) => /^\s*-\s+\w+:/.test(l) || /^\s*pointer:/.test(l));
  if (!yaml) {
    const items = lines.map((l) => {
      const [name, type, ...values] = l.trim().replace(/^\/|:$/g, "").split(/[\s,:]+/).filter(Boolean);
      return { name, type, ...(values.length ? { enum: values } : {}) };
    });
    return { items, problems: [] };
  }
  const items: Item[] = [];
  let current: Item | undefined;
  let listKey: string | undefined;
  for (const line of lines) {
    const item = /^\s*-\s+(\w+):\s*(.*)$/.exec(line);
    const key = /^\s*(\w+):\s*(.*)$/.exec(line);
    const element = /^\s*-\s+(.+)$/.exec(line);
    // An enum value never holds a colon (^[a-zA-Z0-9_]*$): `- key: value` starts an item.
    if (item) {
      current = { [item[1]]: scalar(item[2]) };
      items.push(current);
      listKey = undefined;
    } else if (element && current && listKey) {
      (current[listKey] as unknown[]).push(scalar(element[1]));
    } else if (key && current) {
      if (key[2].trim() === "") {
        listKey = key[1];
        current[listKey] = [];
      } else {
        listKey = undefined;
        current[key[1]] = scalar(key[2]);
      }
    }
    // Lines before the first item (`user_profile:`, `attributes:`) say where the list is.
  }
  return { items, problems: items.length ? [] : ["no `- pointer: /name` items found"] };
}
