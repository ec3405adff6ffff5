// The page's state in its URL: `#config=<base64url of the config as JSON>`
// (keys and the token left out: they never enter a URL), `&sample=<name>`
// and `&file=login` for the login file. A link reproduces what the admin saw.
import { type Config, withoutKeys } from "./model.ts";

/** What a link carries. */
export interface Shared {
  config: Config;
  sample?: string;
  file: "signup" | "login";
}

const toBase64Url = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

const fromBase64Url = (s: string) => {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
};

/** The hash for `s`, keys stripped. */
export function toHash(s: Shared): string {
  const parts = [`config=${toBase64Url(JSON.stringify(withoutKeys(s.config)))}`];
  if (s.sample) parts.push(`sample=${encodeURIComponent(s.sample)}`);
  if (s.file === "login") parts.push("file=login");
  return `#${parts.join("&")}`;
}

/** What a hash carries; undefined when it has no config, and the reason when it is unreadable. */
export function fromHash(hash: string): Shared | { problem: string } | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const encoded = params.get("config");
  if (!encoded) return undefined;
  try {
    const config = JSON.parse(fromBase64Url(encoded));
    if (typeof config !== "object" || config === null || Array.isArray(config)) throw new Error("not an object");
    return {
      config,
      sample: params.get("sample") ?? undefined,
      file: params.get("file") === "login" ? "login" : "signup",
    };
  } catch (err) {
    return { problem: `the link's config cannot be read (${(err as Error).message}); the default config is shown` };
  }
}
