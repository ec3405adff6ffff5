// Handing over the finished file: the pasted file with exactly this config
// block (backfill/hook-file.mjs writes it, as every tool does: the rest of
// the file is byte for byte pkg/'s), its size against Authgear's limit, and
// what to do in the portal and for existing users.
import { withConfig } from "../backfill/hook-file.mjs";
import { HOOK_FILE_LIMIT } from "../build/authgear-limit.mjs";
import { attributesToCreate, type Config } from "./model.ts";

export interface Handover {
  name: string;
  text: string;
  bytes: number;
  margin: number;
  steps: string[];
  commands: string[];
}

/** `pkgText` (pkg/enrich-hook.ts or pkg/enrich-login.ts) configured with `config`. */
export function handover(file: "signup" | "login", pkgText: string, config: Config): Handover {
  const text = withConfig(pkgText, config);
  const bytes = new TextEncoder().encode(text).length;
  const name = file === "login" ? "enrichlogin.ts" : "enrichhook.ts";
  const create = attributesToCreate(config);
  const events = ["user.pre_create"];
  if (config.onProfileUpdate) events.push("user.profile.pre_update");
  if (config.progressive) events.push("oidc.jwt.pre_create", "oidc.id_token.pre_create");
  const steps = [
    create.length
      ? `User Profile › Custom Attributes: create ${
        create.map((a) => `${a.name} (${a.type}${a.detail ? `, ${a.detail}` : ""})`).join(", ")
      }, each with this Attribute Name, before you save the hook.`
      : "No custom attribute to create.",
    `Advanced › Hooks › Blocking Events: add a JavaScript / TypeScript handler for ${
      events.join(", ")
    } and paste ${name} (the whole file) into its script editor.`,
    ...(file === "login"
      ? [
        "Advanced › Hooks › Non-blocking Events: add the same file for user.authenticated (returning users).",
      ]
      : []),
    "Save: the portal runs deno check on the file; sign up a test user and look at the profile.",
  ];
  const endpoint = config.adminApi?.endpoint || "https://myapp.authgear.cloud";
  const commands = [
    ...(file === "login"
      ? [`node backfill/login-token.mjs --endpoint ${endpoint} --key-file admin-key.pem --key-id KEY_ID`]
      : []),
    `node backfill/cli.mjs --endpoint ${endpoint} --key-file admin-key.pem --key-id KEY_ID --hook ${name} --dry-run --explain`,
  ];
  return { name, text, bytes, margin: HOOK_FILE_LIMIT - bytes, steps, commands };
}
