// The Node twin (pkg/enrich-hook.mjs): the login file's code whole, not
// minified, its core with explain mode, plus what only the tools around the
// hook use (the backfill, local runs, the tests). Without adminApi it
// behaves as the signup file.
import { AdminApi, AdminApiError, UPDATE_USER, userNodeId } from "./admin-api.ts";
import { instance } from "./core.ts";
import { enrich } from "./enrich.ts";
import enrichHook from "./entry-login.ts";
import { hand } from "./handed.ts";
import { loginGo, mayFill } from "./login-gate.ts";
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

export default function twin(config: EnrichLoginConfig, unlzmaBase64: string, coreText: string) {
  hand({ config, unlzmaBase64, coreText });
  return {
    enrichHook,
    enrich,
    enrichLogin,
    enrichUser,
    loginEvent,
    checkConfig,
    loginGo,
    mayFill,
    AdminApi,
    AdminApiError,
    userNodeId,
    UPDATE_USER,
  };
}
