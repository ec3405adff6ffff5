// One try of the config on an event, as the chosen file would run it, with
// the twin's core (explain mode) and recorded provider answers: what
// Authgear gets, what the login path would write, the log lines, each
// attribute's story and Authgear's verdict. The decisions are the core's
// and the login gate's own functions (pkg/enrich-hook.mjs).
import * as twin from "../pkg/enrich-hook.mjs";
import type { EnrichResult } from "../js-shim/step.ts";
import type { HookEvent } from "../js-shim/types/authgear.ts";
import { type Config, sourceName, sourcesOf } from "./model.ts";
import type { Project } from "./project.ts";
import { type Answered, type Fault, recordedTransport, type Recordings } from "./recorded.ts";

export interface RunView {
  /** The hook's answer, as Authgear gets it. */
  response: unknown;
  /** A login: what the login path would send updateUser (the maps), if anything. */
  write?: unknown;
  /** The lines the server log would carry. */
  log: string[];
  explain: EnrichResult["explain"];
  notes: string[];
  /** The status line the answer writes, if any. */
  status?: string;
  verdict: { ok: boolean; lines: string[] };
  requests: Answered[];
  /** What kind of run it was, in a sentence. */
  path: string;
}

export interface RunInput {
  file: "signup" | "login";
  config: Config;
  eventText: string;
  project: Project;
  faults: Record<string, Fault>;
  recordings: Recordings;
  defaults: string[];
}

const ALLOW = { is_allowed: true };

export async function tryIt(i: RunInput): Promise<RunView> {
  const log: string[] = [];
  const requests: Answered[] = [];
  let event: HookEvent;
  try {
    event = JSON.parse(i.eventText);
  } catch (err) {
    return {
      response: ALLOW,
      log: [],
      explain: [],
      notes: [],
      verdict: { ok: false, lines: [`the event is not JSON (${(err as Error).message}): Authgear always sends JSON`] },
      requests,
      path: "not run",
    };
  }
  const presets = new Map(
    sourcesOf(i.config, i.defaults).filter((s) => typeof s === "object").map((s) => {
      const o = s as { preset?: string };
      return [sourceName(s), o.preset] as const;
    }),
  );
  const send = recordedTransport(i.recordings, (name) => presets.get(name), i.faults, requests);
  const opts = { configOverride: i.config, explain: true, send, log: (l: string) => log.push(l) };
  const login = event?.type === "user.authenticated";
  let out: EnrichResult | undefined;
  let response: unknown = ALLOW;
  let write: unknown;
  let path: string;
  if (login && i.file === "signup") {
    path = "enrich-hook.ts answers user.authenticated at once (returning users need enrich-login.ts)";
  } else if (login) {
    const go = twin.loginGo(i.config, twin.loginUser(event), twin.waitedMs(event));
    if (typeof go === "string") {
      if (go) log.push(`enrich-hook: login: ${go}`);
      path = !i.config.adminApi
        ? "no adminApi block: logins are left alone (fill in the Login section)"
        : `answered by the login gate${go ? "" : ": nothing to fill for this user"}`;
    } else {
      out = await twin.enrich(event, opts);
      write = (out.response as { mutations?: { user?: unknown } }).mutations?.user;
      path = write
        ? "the login path: the core's answer is written through the Admin API (read updatedAt, then one updateUser)"
        : "the login path: nothing to write";
    }
  } else {
    out = await twin.enrich(event, opts);
    response = out.response;
    path = `the ${event?.type ?? "?"} hook`;
  }
  const judged = write ? { ...ALLOW, mutations: { user: write } } : response;
  const verdict = await twin.verdict(event, i.config, judged, i.project);
  const user = (judged as { mutations?: { user?: { custom_attributes?: Record<string, unknown> } } }).mutations?.user;
  const status = i.config.statusAttribute ? user?.custom_attributes?.[i.config.statusAttribute] : undefined;
  return {
    response,
    write,
    log,
    explain: out?.explain ?? [],
    notes: out?.notes ?? [],
    status: typeof status === "string" ? status : undefined,
    verdict,
    requests,
    path,
  };
}
