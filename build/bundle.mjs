// Bundling js-shim/'s modules (esbuild) into one function expression: the
// pasted files' CODE and GATE strings, and the Node twin's code. The
// function takes the modules left outside the bundle (the login code takes
// the gate's functions from the gate, which the file compiled already) and
// returns the entry's default export. Minified for the pasted files.
import * as esbuild from "esbuild";
import { join } from "node:path";
import { minify } from "terser";
import ts from "typescript";
import { root } from "./tools.mjs";

/**
 * `entry` (a js-shim/ module) and what it imports, as `function (imports) {
 * …; return <default export>; }`: `glue`, the glue module of the core it
 * goes with; `outside`, modules (js-shim/ paths) whose imports come from
 * `imports` instead.
 */
export async function bundle(entry, { glue, outside = [], minified = false }) {
  const outsidePaths = new Set(outside.map((p) => join(root, p)));
  const result = await esbuild.build({
    entryPoints: [join(root, entry)],
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    write: false,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
    plugins: [{
      name: "enrich-hook",
      setup(b) {
        b.onResolve({ filter: /./ }, (args) => {
          if (args.kind === "entry-point") return undefined;
          const path = join(args.resolveDir, args.path);
          // Each core has its own glue (the twin's exports checkConfig too).
          if (path === join(root, "js-shim/generated/core-glue.js")) return { path: glue };
          if (outsidePaths.has(path)) return { path, external: true };
          return undefined;
        });
      },
    }],
  });
  const fn = wrap(result.outputFiles[0].text, entry);
  return minified ? await minifyFn(fn) : fn;
}

/** The bundle's imports (of modules outside it) from a parameter, its default export returned. */
function wrap(js, entry) {
  const sf = ts.createSourceFile("bundle.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const taken = [];
  let result;
  const edits = [];
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      const named = s.importClause?.namedBindings;
      if (!named || !ts.isNamedImports(named) || s.importClause.name) {
        throw new Error(`${entry}: only named imports may come from outside the bundle`);
      }
      for (const el of named.elements) {
        taken.push(el.propertyName ? `${el.propertyName.text}: ${el.name.text}` : el.name.text);
      }
      edits.push([s.getFullStart(), s.getEnd()]);
    } else if (ts.isExportDeclaration(s)) {
      const def = s.exportClause && ts.isNamedExports(s.exportClause) &&
        s.exportClause.elements.find((el) => el.name.text === "default");
      if (!def || s.moduleSpecifier) throw new Error(`${entry}: the bundle must export a default, and only that`);
      result = (def.propertyName ?? def.name).text;
      edits.push([s.getFullStart(), s.getEnd()]);
    }
  }
  if (!result) throw new Error(`${entry}: no default export`);
  let body = js;
  for (const [start, end] of edits.sort((a, b) => b[0] - a[0])) body = body.slice(0, start) + body.slice(end);
  const param = taken.length ? "imports" : "";
  const take = taken.length ? `const { ${taken.join(", ")} } = imports;\n` : "";
  return `(function (${param}) {\n${take}${body.trim()}\nreturn ${result};\n})`;
}

/** Terser over the function: what the pasted files carry. */
async function minifyFn(fn) {
  const min = await minify(fn, {
    ecma: 2020,
    compress: { passes: 2, expression: true },
    mangle: true,
    // Single quotes: the code travels in a double-quoted literal, where each " costs a backslash.
    format: { comments: false, semicolons: true, quote_style: 1 },
  });
  const code = min.code.endsWith(";") ? min.code.slice(0, -1) : min.code;
  if (!code.startsWith("(function(") && !code.startsWith("function(")) {
    throw new Error("the minified code is not one function expression");
  }
  return code;
}
