#!/usr/bin/env node
// What the config types in js-shim/types/ declare, read through the
// TypeScript compiler's own checker (not text): each vocabulary's members
// and each config object's keys, as JSON on stdout. tests/ts_config_types.rs
// compares them with the core's tables.
import { join } from "node:path";
import ts from "typescript";
import { ROOT } from "./paths.mjs";

const entry = join(ROOT, "js-shim/types/login-config.ts");
const program = ts.createProgram([entry], {
  strict: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
});
const checker = program.getTypeChecker();
/** Every type alias and interface of js-shim/types/ and js-shim/generated/, by name. */
const named = new Map();
for (const sf of program.getSourceFiles().filter((f) => f.fileName.startsWith(join(ROOT, "js-shim")))) {
  for (const s of sf.statements) {
    if ((ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) && s.name) {
      named.set(s.name.text, checker.getTypeAtLocation(s.name));
    }
  }
}
const type = (name) => {
  const t = named.get(name);
  if (!t) throw new Error(`no type ${name} in js-shim/types/`);
  return t;
};
/** A union of string literals: its members, in declaration order. */
const members = (t) => (t.isUnion() ? t.types : [t]).filter((m) => m.isStringLiteral()).map((m) => m.value);
/** The keys of an object type, or of every object type in a union (`undefined` and strings aside). */
const keys = (t) => {
  const parts = t.isUnion() || t.isIntersection() ? t.types : [t];
  const all = parts.flatMap((p) =>
    p.flags & ts.TypeFlags.Object || p.isIntersection() || p.isUnion()
      ? (p.isUnion() ? keys(p) : checker.getPropertiesOfType(p).map((s) => s.name))
      : []
  );
  return [...new Set(all)].sort();
};
const prop = (t, name) => {
  const s = checker.getPropertyOfType(t, name);
  if (!s) throw new Error(`no property ${name}`);
  return checker.getNonNullableType(checker.getTypeOfSymbol(s));
};

const vocabularies = Object.fromEntries(
  [
    "EnrichField",
    "OfflineSource",
    "PresetName",
    "TriggeredBy",
    "CustomType",
    "WritePolicy",
    "SettableAttribute",
    "IdentityAttribute",
    "AddressPart",
    "ExplainOutcome",
    "NoAnswerName",
  ].map((n) => [n, members(type(n))]),
);
const config = type("EnrichLoginConfig");
console.log(JSON.stringify({
  vocabularies,
  keys: {
    EnrichConfig: keys(type("EnrichConfig")),
    EnrichLoginConfig: keys(config),
    adminApi: keys(prop(config, "adminApi")),
    progressive: keys(prop(config, "progressive")),
    LiveSource: keys(type("LiveSource")),
    FieldExtract: keys(type("FieldExtract")),
    CustomAttributeSpec: keys(type("CustomAttributeSpec")),
  },
}));
