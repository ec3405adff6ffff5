// The Node twin (pkg/enrich-hook.mjs): the login file's code whole, not
// minified, its core with explain mode, plus what only the tools around the
// hook use (the backfill, local runs, the tests). Without adminApi it
// behaves as the signup file.
import { AdminApi, AdminApiError, UPDATE_USER, userNodeId } from "./admin-api.ts";
import { instance } from "./core.ts";
import { enrich } from "./enrich.ts";
import enrichHook from "./entry-login.ts";
import { hand } from "./handed.ts";
import { loginGo, loginUser, mayFill, waitedMs } from "./login-gate.ts";
import { enrichLogin, enrichUser, loginEvent } from "./login.ts";
import type { EnrichLoginConfig } from "./types/login-config.ts";

/** A config's problems as the core reads it; errors mean the hook would run without enrichment. */
export interface ConfigCheck {
  errors: string[];
  warnings: string[];
  /** Each custom attribute the config names, with a value its type takes (backfill/check.mjs). */
  custom: Record<string, unknown>;
}

/** The core's check of a config (feature `explain`: the twin's core only). */
export async function checkConfig(cfg: unknown): Promise<ConfigCheck> {
  return JSON.parse((await instance()).checkConfig(JSON.stringify(cfg ?? {})));
}

/** The tables a config is written from: the core's own (src/configurator.rs `catalog`). */
export async function catalog(): Promise<Catalog> {
  return JSON.parse((await instance()).catalog());
}

/** A preset as the core reads it. */
export interface PresetInfo {
  input: "ip" | "email" | "domain";
  needsKey: boolean;
  timeoutMs: number;
  fields: string[];
}

/** What `catalog` gives: every vocabulary, preset, default and limit. */
export interface Catalog {
  fields: string[];
  offlineSources: string[];
  presets: Record<string, PresetInfo>;
  customTypes: string[];
  policies: string[];
  triggers: string[];
  standard: string[];
  address: string[];
  identity: string[];
  defaults: {
    requestFieldsFor: string[];
    sources: string[];
    deadlineMs: number;
    timeoutMs: number;
    progressiveCount: number;
    claim: string;
    adminApiTimeoutMs: number;
  };
  limits: Record<"deadlineMs" | "timeoutMs" | "progressiveCount" | "adminApiTimeoutMs", [number, number]>;
}

/**
 * Authgear's verdict on `response` (the answer to `event` under `config`),
 * as the core models it; `project`: the project's custom attributes, if known.
 */
export async function verdict(
  event: unknown,
  config: unknown,
  response: unknown,
  project: Record<string, unknown> = {},
): Promise<{ ok: boolean; lines: string[] }> {
  const json = (v: unknown) => JSON.stringify(v ?? null);
  return JSON.parse((await instance()).verdict(json(event), json(config), json(response), json(project)));
}

export default function twin(config: EnrichLoginConfig, unlzmaBase64: string, coreText: string) {
  hand({ config, unlzmaBase64, coreText });
  return {
    enrichHook,
    enrich,
    enrichLogin,
    enrichUser,
    loginEvent,
    checkConfig,
    catalog,
    verdict,
    loginGo,
    loginUser,
    waitedMs,
    mayFill,
    AdminApi,
    AdminApiError,
    userNodeId,
    UPDATE_USER,
  };
}
