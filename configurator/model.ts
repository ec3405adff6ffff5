// The config as the page edits it: reading and writing its parts the way
// the config block writes them (a mapping is a field name, or `{ from,
// policy, map }` when it says more), and the facts the page derives from it.
// What a config means is the core's to say (checkConfig, the runs): nothing
// here decides whether one is valid.
import type { EnrichConfig, LiveSource } from "../js-shim/types/config.ts";
import type { EnrichLoginConfig } from "../js-shim/types/login-config.ts";

export type Config = EnrichLoginConfig;
export type Source = NonNullable<EnrichConfig["sources"]>[number];
/** A mapping as the form shows it: the field ("" for none) and the policy. */
export interface Mapping {
  from: string;
  policy: string;
  /** `map`, kept as written (the form does not edit it). */
  map?: unknown;
}

/** A JSON copy: the page never edits a config in place. */
export const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** The mapping of a standard attribute (`address.<part>` for an address part). */
export function mappingOf(config: Config, attr: string): Mapping {
  const [top, part] = attr.split(".");
  const std = (config.standard ?? {}) as Record<string, unknown>;
  const spec = part ? (std.address as Record<string, unknown> | undefined)?.[part] : std[top];
  if (typeof spec === "string") return { from: spec, policy: "fill" };
  if (spec && typeof spec === "object") {
    const s = spec as { from?: string; policy?: string; map?: unknown };
    return { from: s.from ?? "", policy: s.policy ?? "fill", map: s.map };
  }
  return { from: "", policy: "fill" };
}

/** `config` with `attr` mapped as `m` (no field: not mapped at all). */
export function withMapping(config: Config, attr: string, m: Mapping): Config {
  const c = copy(config);
  const std = (c.standard ??= {}) as Record<string, unknown>;
  const [top, part] = attr.split(".");
  const spec = m.from === "" ? undefined : m.policy === "fill" && m.map === undefined ? m.from : {
    from: m.from,
    ...(m.policy !== "fill" ? { policy: m.policy } : {}),
    ...(m.map !== undefined ? { map: m.map } : {}),
  };
  if (part) {
    const address = (std.address ??= {}) as Record<string, unknown>;
    if (spec === undefined) delete address[part];
    else address[part] = spec;
    if (Object.keys(address).length === 0) delete std.address;
  } else if (spec === undefined) delete std[top];
  else std[top] = spec;
  return c;
}

/** A custom attribute's row: its name and its entry (type, from, policy, enum, minimum, maximum). */
export interface CustomRow {
  name: string;
  type: string;
  from: string;
  policy: string;
  enum: string[];
  minimum?: number;
  maximum?: number;
  map?: unknown;
}

export function customRows(config: Config): CustomRow[] {
  return Object.entries(config.custom ?? {}).map(([name, spec]) => {
    const s = spec as Record<string, unknown>;
    return {
      name,
      type: String(s.type ?? "string"),
      from: typeof s.from === "string" ? s.from : "",
      policy: typeof s.policy === "string" ? s.policy : "fill",
      enum: Array.isArray(s.enum) ? s.enum.map(String) : [],
      minimum: typeof s.minimum === "number" ? s.minimum : undefined,
      maximum: typeof s.maximum === "number" ? s.maximum : undefined,
      map: s.map,
    };
  });
}

/** `config` with its custom attributes replaced by `rows`, in order. */
export function withCustom(config: Config, rows: CustomRow[]): Config {
  const c = copy(config);
  const custom: Record<string, unknown> = {};
  for (const r of rows) {
    const numeric = r.type === "number" || r.type === "integer";
    custom[r.name] = {
      type: r.type,
      ...(r.type === "enum" ? { enum: r.enum } : {}),
      ...(numeric && r.minimum !== undefined ? { minimum: r.minimum } : {}),
      ...(numeric && r.maximum !== undefined ? { maximum: r.maximum } : {}),
      ...(r.from ? { from: r.from } : {}),
      ...(r.from && r.policy !== "fill" ? { policy: r.policy } : {}),
      ...(r.map !== undefined ? { map: r.map } : {}),
    };
  }
  c.custom = custom as Config["custom"];
  return c;
}

/** A source's name as the core names it in Steps and the status line. */
export function sourceName(s: Source): string {
  if (typeof s === "string") return s;
  const live = s as LiveSource & { name?: string; preset?: string };
  return live.name ?? live.preset ?? "custom";
}

/** The sources, the core's default when the config names none. */
export const sourcesOf = (config: Config, defaults: string[]): Source[] => (config.sources ?? defaults) as Source[];

/** The custom attributes of type string: the ones that can carry the status line. */
export const stringAttributes = (config: Config): string[] =>
  customRows(config).filter((r) => r.type === "string" && !r.from).map((r) => r.name);

/**
 * The config without its secrets (each source's `key`, adminApi's `token`):
 * what a share link carries.
 */
export function withoutKeys(config: Config): Config {
  const c = copy(config);
  for (const s of c.sources ?? []) if (typeof s === "object") delete (s as { key?: string }).key;
  if (c.adminApi) delete (c.adminApi as { token?: string }).token;
  return c;
}

/** The custom attributes the project must define for this config, with their types (the status one included). */
export function attributesToCreate(config: Config): { name: string; type: string; detail: string }[] {
  const rows = customRows(config).map((r) => ({
    name: r.name,
    type: r.type,
    detail: r.type === "enum"
      ? `values ${r.enum.join(", ")}`
      : r.minimum !== undefined || r.maximum !== undefined
      ? `from ${r.minimum ?? "any"} to ${r.maximum ?? "any"}`
      : "",
  }));
  const status = config.statusAttribute;
  if (status && !rows.some((r) => r.name === status)) {
    rows.push({ name: status, type: "string", detail: "the status line" });
  }
  return rows;
}
