// Turns wasm-bindgen's `--target web` glue into a factory function that can
// live inside the single hook file — plain JavaScript for the pasted files,
// which minify it with the rest of their code (`plainGlue`), or typed for the
// readable build and the Node twin (`typedGlue`):
//  - `export` keywords and the URL/fetch based loader are dropped (the hook
//    compiles the embedded bytes itself and calls `initSync`);
//  - the rest is minified (it is generated code; every byte counts against
//    Authgear's 100 KiB);
//  - every untyped binding (and every plain function's `this`) gets `: any`,
//    so the file passes `deno check` under strict options (the glue is
//    generated, its types are wasm-bindgen's concern; the hook's own code
//    stays fully typed);
//  - the whole glue is wrapped in `function wasmGlue()`, so a trapped instance
//    can be thrown away with all of its module state and a fresh one made.
import ts from "typescript";
import { minify } from "terser";

const DROP = new Set(["__wbg_load", "__wbg_init", "__wbg_init_once", "__wbg_init_promise"]);

/**
 * The glue as a plain JavaScript factory, unminified and untyped: the pasted
 * files minify it together with the shim's own code (build/hook.mjs).
 */
export function plainGlue(js, exportsWanted) {
  return `function wasmGlue() {\n${strip(js)}\n  return { ${exportsWanted.join(", ")} };\n}\n`;
}

export async function typedGlue(js, exportsWanted) {
  const factory = `function wasmGlue() {\n${strip(js)}\n  return { ${exportsWanted.join(", ")} };\n}\n`;
  const min = await minify(factory, {
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { max_line_len: 120, comments: false },
  });
  return `// wasm-bindgen glue (generated, minified, typed loosely on purpose: see build/glue.mjs).\n${
    annotate(min.code)
  }\n`;
}

/** Drop `export`s, the fetch/URL loader and the self-types comment. */
function strip(js) {
  const sf = ts.createSourceFile("glue.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const edits = []; // [start, end, text]
  const declName = (s) =>
    ts.isFunctionDeclaration(s)
      ? s.name?.text
      : ts.isVariableStatement(s)
      ? s.declarationList.declarations.map((d) => d.name.getText(sf)).join(",")
      : undefined;
  for (const s of sf.statements) {
    const name = declName(s);
    if (ts.isExportDeclaration(s) || (name && name.split(",").every((n) => DROP.has(n)))) {
      edits.push([s.getFullStart(), s.getEnd(), ""]);
      continue;
    }
    const exportKw = (ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined)?.find((m) =>
      m.kind === ts.SyntaxKind.ExportKeyword
    );
    if (exportKw) edits.push([exportKw.getStart(sf), exportKw.getEnd() + 1, ""]);
  }
  return apply(js, edits).replace(/^\/\* @ts-self-types=.*\*\/\n/m, "");
}

/** `: any` on every untyped binding, `this: any` on plain functions, index signatures on classes. */
function annotate(js) {
  const sf = ts.createSourceFile("glue.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const edits = [];
  function visit(node) {
    // Classes assign fields they never declare (`this.__wbg_ptr = …`).
    if (ts.isClassDeclaration(node)) {
      const open = sf.text.indexOf("{", node.name ? node.name.getEnd() : node.getStart(sf));
      edits.push([open + 1, open + 1, " [key: string]: any; [key: symbol]: any;"]);
    }
    // Plain functions may use `this` (wrappers that forward it).
    if (ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) {
      const at = node.parameters.pos;
      edits.push([at, at, node.parameters.length ? "this: any, " : "this: any"]);
    }
    if ((ts.isParameter(node) || ts.isVariableDeclaration(node)) && !node.type && ts.isIdentifier(node.name)) {
      const bareArrowParam = ts.isParameter(node) && ts.isArrowFunction(node.parent) &&
        sf.text[node.parent.getStart(sf)] !== "(";
      if (bareArrowParam) {
        // `x => …` must become `(x: any) => …`.
        edits.push([node.name.getEnd(), node.name.getEnd(), ": any)"]);
        edits.push([node.name.getStart(sf), node.name.getStart(sf), "("]);
      } else if (!(ts.isVariableDeclaration(node) && ts.isCatchClause(node.parent))) {
        edits.push([node.name.getEnd(), node.name.getEnd(), ": any"]);
      }
    }
    ts.forEachChild(node, visit);
  }
  visit(sf);
  return apply(js, edits);
}

function apply(text, edits) {
  edits.sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [start, end, insert] of edits) out = out.slice(0, start) + insert + out.slice(end);
  return out;
}
