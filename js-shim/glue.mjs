// Turns wasm-bindgen's `--target web` glue into a typed factory function that
// can live inside the single hook file:
//  - `export` keywords and the URL/fetch based loader are dropped (the hook
//    compiles the embedded bytes itself and calls `initSync`);
//  - every untyped binding gets `: any`, so the file passes `deno check`
//    under strict options (the glue is generated, its types are wasm-bindgen's
//    concern; the hook's own code stays fully typed);
//  - the whole glue is wrapped in `function wasmGlue()`, so a trapped instance
//    can be thrown away with all of its module state and a fresh one made.
import ts from "typescript";

const DROP = new Set(["__wbg_load", "__wbg_init", "__wbg_init_once", "__wbg_init_promise"]);

export function typedGlue(js, exportsWanted) {
  const sf = ts.createSourceFile("glue.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const edits = []; // [start, end, text]
  const declName = (s) =>
    ts.isFunctionDeclaration(s) ? s.name?.text
      : ts.isVariableStatement(s) ? s.declarationList.declarations.map((d) => d.name.getText(sf)).join(",")
      : undefined;
  for (const s of sf.statements) {
    const name = declName(s);
    if (ts.isExportDeclaration(s) || (name && name.split(",").every((n) => DROP.has(n)))) {
      edits.push([s.getFullStart(), s.getEnd(), ""]);
      continue;
    }
    const exportKw = s.modifiers?.find((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exportKw) edits.push([exportKw.getStart(sf), exportKw.getEnd() + 1, ""]);
    visit(s);
  }
  function visit(node) {
    if ((ts.isParameter(node) || ts.isVariableDeclaration(node)) && !node.type && ts.isIdentifier(node.name)) {
      if (!(ts.isVariableDeclaration(node) && ts.isCatchClause(node.parent))) {
        edits.push([node.name.getEnd(), node.name.getEnd(), ": any"]);
      }
    }
    ts.forEachChild(node, visit);
  }
  edits.sort((a, b) => b[0] - a[0]);
  let out = js;
  for (const [start, end, text] of edits) out = out.slice(0, start) + text + out.slice(end);
  out = out.replace(/^\/\* @ts-self-types=.*\*\/\n/m, "").replace(/\n{3,}/g, "\n\n").trim();
  const body = out.split("\n").map((l) => (l ? "  " + l : l)).join("\n");
  return `// deno-lint-ignore-file\n// wasm-bindgen glue (generated), typed loosely on purpose: see js-shim/glue.mjs.\nfunction wasmGlue() {\n${body}\n  return { ${exportsWanted.join(", ")} };\n}\n`;
}
