// What the page carries besides its code, embedded by the build
// (build/configurator.mjs) as a JSON block the page reads, never runs: the
// two pasted files as pkg/ has them, the sample events, and each preset's
// recorded answer.
import { byId } from "./dom.ts";
import type { Recordings } from "./recorded.ts";

export interface Sample {
  id: string;
  label: string;
  text: string;
}

export interface PageData {
  files: { signup: string; login: string };
  samples: Sample[];
  recordings: Recordings;
}

export function pageData(): PageData {
  return JSON.parse(byId("page-data").textContent ?? "");
}
