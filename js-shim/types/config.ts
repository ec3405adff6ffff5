// The config's types: `deno check` in the portal catches a mistyped config.
// The pasted files print them (build/assemble.mjs), comments dropped.

// The unions of names (EnrichField, PresetName, …) are generated from the
// core's tables, as declared lists: a value that is not one fails `deno
// check` naming every choice. An alias of a union with an object in it would
// print only its name, so the mapping is written out where it is used.
import type {
  AddressPart,
  CustomType,
  EnrichField,
  IdentityAttribute,
  OfflineSource,
  PresetName,
  SettableAttribute,
  TriggeredBy,
  WritePolicy,
} from "../generated/vocabulary.ts";
/** `map`: provider value (any case) -> the value stored; a value not in it is skipped. */
export type ValueMap = Record<string, string | number>;
export type ProfileAttribute = SettableAttribute | IdentityAttribute | `address.${AddressPart}` | `custom:${string}`;
/** Where a field is in a provider's JSON answer: a JSON pointer, or a pointer plus transforms. */
export type FieldExtract =
  | string
  | {
    pointer: string;
    split?: string;
    index?: number;
    number?: boolean;
    first?: boolean;
    url?: boolean;
    prefix?: string;
  };

/** A provider spec (README: "Custom providers"); with `preset`, only overrides. */
export interface ProviderSpec {
  name?: string;
  /** What the request needs: the IP (request-derived), the e-mail (a person source), or the company domain only. */
  input?: "ip" | "email" | "domain";
  method?: "GET" | "POST";
  /** https:// unless allowHttp. Override a preset's to use a proxy or a test server. */
  baseUrl?: string;
  /** Placeholders: {ip} {email} {email_sha256} {email_md5} {email_domain} {company_domain} {key} {key_base64}. */
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  key?: string;
  needsKey?: boolean;
  allowHttp?: boolean;
  /** 100 to 3000 ms (default 1500); outside that range, the nearest bound, with a log line. */
  timeoutMs?: number;
  failIf?: { pointer: string; equals: unknown }[];
  /** A 2xx answer meaning "nobody known"; `equals: null` also matches an absent value. */
  noMatchIf?: { pointer: string; equals: unknown }[];
  /** The provider's filler values, never written ("Sign up to access"). */
  placeholders?: string[];
  noMatch?: number[];
  /** Which `quota` statuses are burst limits, retried once without Retry-After (default [429]). */
  burst?: number[];
  quota?: number[];
  fields?: Partial<Record<EnrichField, FieldExtract>>;
  /** Called only after every source before it has settled, and only if a target it can fill is still empty. */
  fallback?: boolean;
}
export type LiveSource =
  & ProviderSpec
  & (
    | { preset: PresetName }
    | {
      name: string;
      input: "ip" | "email" | "domain";
      baseUrl: string;
      path: string;
      fields: Partial<Record<EnrichField, FieldExtract>>;
    }
  );

/**
 * A custom attribute, keyed by its name (Portal > User Profile > Custom
 * Attributes: "Attribute Name"). Without `from` it is only declared, so that
 * its stored value is checked before the map is returned.
 */
export type CustomAttributeSpec =
  | (
    & { from?: EnrichField; policy?: WritePolicy; map?: ValueMap }
    & (
      | { type: Exclude<CustomType, "number" | "integer" | "enum" | "phone_number"> }
      | { type: "number" | "integer"; minimum?: number; maximum?: number }
      | { type: "enum"; enum: string[] }
    )
  )
  /** No enriched field is a phone number: declare only. */
  | { type: "phone_number" };

export interface EnrichConfig {
  standard?:
    & { [K in SettableAttribute]?: EnrichField | { from: EnrichField; policy?: WritePolicy; map?: ValueMap } }
    & { address?: { [K in AddressPart]?: EnrichField | { from: EnrichField; policy?: WritePolicy; map?: ValueMap } } };
  custom?: Record<string, CustomAttributeSpec>;
  requestFieldsFor?: TriggeredBy[];
  /** Offline sources and live providers, in priority order. */
  sources?: (OfflineSource | LiveSource)[];
  /** Everything is over by then: 100 to 3000 ms from the call (default 2000); outside that range, the nearest bound, with a log line. */
  deadlineMs?: number;
  /** Also on user.profile.pre_update: fill attributes that are still empty (never overwrite). */
  onProfileUpdate?: boolean;
  /** On oidc.jwt.pre_create / oidc.id_token.pre_create: a claim listing the next attributes to ask for. */
  progressive?: {
    /** Priority order: "given_name", "address.locality", "custom:<name>". */
    ask: ProfileAttribute[];
    /** Default "https://enrich-hook/claims/ask". */
    claim?: string;
    /** How many to ask for at a time: 1 to 20 (default 2). */
    count?: number;
  };
  /** Extra e-mail domains that never count as a company domain. */
  freeMailDomains?: string[];
  /** A custom attribute of type string, created in the portal (declaring it in `custom` is optional), for a one-line, PII-free status of each run. */
  statusAttribute?: string;
  /** Write even while stored custom attributes are missing from `custom` (their values cannot be checked). */
  allowUndeclared?: boolean;
}
