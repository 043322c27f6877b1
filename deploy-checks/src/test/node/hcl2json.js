// Parses every .tf file under a directory with a real HCL2 parser (@cdktf/hcl2json, HashiCorp's
// hcl library compiled to WebAssembly) and prints one JSON object: relative path -> parsed file.
// .tf.json files are read as they are. Usage: node hcl2json.js DIR
const fs = require("fs");
const path = require("path");
const { parse } = require("@cdktf/hcl2json");

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith(".") ? [] : files(p);
    return e.name.endsWith(".tf") || e.name.endsWith(".tf.json") ? [p] : [];
  });
}

(async () => {
  const root = process.argv[2];
  const out = {};
  for (const file of files(root).sort()) {
    const text = fs.readFileSync(file, "utf8");
    const rel = path.relative(root, file);
    out[rel] = file.endsWith(".json") ? JSON.parse(text) : await parse(rel, text);
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
  process.exit(1);
});
