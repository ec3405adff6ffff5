// Printing js-shim/'s TypeScript into the pasted files: the config block
// as written (comments and all), the declarations the config and the entry
// point are checked against, and the entry point, without their imports
// and exports: in the pasted file they are one scope. Everything goes
// through TypeScript's parser and printer.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { root } from "./tools.mjs";

const parse = (file) =>
  ts.createSourceFile(file, readFileSync(join(root, file), "utf8"), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
const printer = ts.createPrinter({ removeComments: true });
const isExport = (m) => m.kind === ts.SyntaxKind.ExportKeyword;

/** The `const <name>` statement of `file` and its object literal. */
function constNamed(sf, name) {
  for (const s of sf.statements) {
    if (!ts.isVariableStatement(s)) continue;
    const d = s.declarationList.declarations.find((d) => d.name.getText(sf) === name);
    if (d?.initializer && ts.isObjectLiteralExpression(d.initializer)) return { s, d, obj: d.initializer };
  }
  throw new Error(`${sf.fileName}: no \`const ${name} = { … }\``);
}

/**
 * The config block: js-shim/config.ts's `config` as written, without
 * `export`; for the login file, typed EnrichLoginConfig, with the lines of
 * js-shim/config-login.ts's object before its closing brace.
 */
export function configBlock(login) {
  const sf = parse("js-shim/config.ts");
  const { s, d, obj } = constNamed(sf, "config");
  const text = sf.text;
  /** @type {[number, number, string][]} */
  const edits = [];
  const kw = ts.getModifiers(s)?.find(isExport);
  if (kw) edits.push([kw.getStart(sf), kw.getEnd() + 1, ""]);
  if (login) {
    if (!d.type) throw new Error("js-shim/config.ts: `config` must be typed");
    edits.push([d.type.getStart(sf), d.type.getEnd(), "EnrichLoginConfig"]);
    const more = parse("js-shim/config-login.ts");
    const lines = constNamed(more, "loginLines").obj;
    let inner = more.text.slice(lines.getStart(more) + 1, lines.getEnd() - 1).trimEnd();
    while (inner.startsWith("\n")) inner = inner.slice(1);
    const close = obj.getEnd() - 1;
    edits.push([close, close, `${inner}\n`]);
  }
  let out = text.slice(s.getStart(sf), s.getEnd());
  const base = s.getStart(sf);
  for (const [a, b, t] of edits.sort((x, y) => y[0] - x[0])) out = out.slice(0, a - base) + t + out.slice(b - base);
  return out;
}

/** A top-level declaration's name, if it has one. */
function nameOf(s, sf) {
  if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isFunctionDeclaration(s)) return s.name?.text;
  if (ts.isVariableStatement(s)) return s.declarationList.declarations[0].name.getText(sf);
}

/** Every name `node` refers to (type references, `typeof`, heritage clauses). */
function referenced(node, into = new Set()) {
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) into.add(node.typeName.text);
  if (ts.isTypeQueryNode(node) && ts.isIdentifier(node.exprName)) into.add(node.exprName.text);
  if (ts.isExpressionWithTypeArguments(node) && ts.isIdentifier(node.expression)) into.add(node.expression.text);
  ts.forEachChild(node, (c) => {
    referenced(c, into);
  });
  return into;
}

/** A statement printed without `export` (or `default`), one member per line, two-space indents. */
function printed(s, sf) {
  const mods = ts.canHaveModifiers(s) ? ts.getModifiers(s) ?? [] : [];
  const kept = mods.filter((m) => !isExport(m) && m.kind !== ts.SyntaxKind.DefaultKeyword);
  const bare = ts.canHaveModifiers(s) && kept.length !== mods.length ? replaceModifiers(s, kept) : s;
  // The printer indents by four; deno check points at these lines, so they stay readable but small.
  return printer.printNode(ts.EmitHint.Unspecified, bare, sf).split("\n")
    .map((l) => " ".repeat((l.length - l.trimStart().length) / 2) + l.trimStart()).join("\n");
}

function replaceModifiers(s, mods) {
  const m = mods.length ? mods : undefined;
  if (ts.isInterfaceDeclaration(s)) {
    return ts.factory.updateInterfaceDeclaration(s, m, s.name, s.typeParameters, s.heritageClauses, s.members);
  }
  if (ts.isTypeAliasDeclaration(s)) {
    return ts.factory.updateTypeAliasDeclaration(s, m, s.name, s.typeParameters, s.type);
  }
  if (ts.isVariableStatement(s)) return ts.factory.updateVariableStatement(s, m, s.declarationList);
  if (ts.isFunctionDeclaration(s)) {
    return ts.factory.updateFunctionDeclaration(
      s,
      m,
      s.asteriskToken,
      s.name,
      s.typeParameters,
      s.parameters,
      s.type,
      s.body,
    );
  }
  throw new Error(`cannot print ${ts.SyntaxKind[s.kind]} without its export`);
}

/**
 * The declarations of `files` (js-shim/ type modules) that `roots` need,
 * transitively, in the files' order: what the pasted file must declare so
 * that its config block and entry point type-check, and their names.
 * Nothing else is printed.
 */
export function declarations(files, roots) {
  const decls = new Map(); // name -> { s, sf, order }
  let order = 0;
  for (const f of files) {
    const sf = parse(f);
    for (const s of sf.statements) {
      const n = nameOf(s, sf);
      if (n) decls.set(n, { s, sf, order: order++ });
    }
  }
  const need = new Set();
  const queue = [...roots];
  while (queue.length) {
    const n = queue.pop();
    if (need.has(n) || !decls.has(n)) continue;
    need.add(n);
    queue.push(...referenced(decls.get(n).s));
  }
  const text = [...need].map((n) => decls.get(n)).sort((a, b) => a.order - b.order).map(({ s, sf }) => printed(s, sf))
    .join("\n");
  return { text, names: need };
}

/**
 * The entry point (`file`), printed without its imports, and the names it
 * imports: the file must declare each (`declarations`) or bind it (its last line).
 */
export function entryPoint(file) {
  const sf = parse(file);
  const imported = [];
  const body = [];
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      const named = s.importClause?.namedBindings;
      if (named && ts.isNamedImports(named)) imported.push(...named.elements.map((e) => e.name.text));
      if (s.importClause?.name) imported.push(s.importClause.name.text);
      continue;
    }
    body.push(printer.printNode(ts.EmitHint.Unspecified, s, sf));
  }
  const text = body.join("\n").split("\n").map((l) => " ".repeat((l.length - l.trimStart().length) / 2) + l.trimStart())
    .join("\n");
  return { text, imported };
}

/** The names of the object the default export of `file` returns (the twin's exports). */
export function returnedNames(file) {
  const sf = parse(file);
  const fn = sf.statements.filter(ts.isFunctionDeclaration).find((s) =>
    ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
  );
  const ret = fn?.body?.statements.find(ts.isReturnStatement);
  if (!ret?.expression || !ts.isObjectLiteralExpression(ret.expression)) {
    throw new Error(`${file}: the default export must return an object literal`);
  }
  return ret.expression.properties.map((p) => p.name.getText(sf));
}

/** The config block as JavaScript (the twin), its comments kept. */
export function configAsJs(block) {
  return ts.transpileModule(block, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false },
  }).outputText.trim();
}
