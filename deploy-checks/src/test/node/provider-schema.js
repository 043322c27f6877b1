// Writes the AWS provider schema of the resource and data source types terraform/ uses, read
// from the generated code of the npm package @cdktf/provider-aws (made from the provider's own
// schema), as JSON: type -> {attributes: {name: {type, required}}, blocks: {name: {required,
// attributes, blocks}}}, where type is string, number, bool, list, map or any. Run it when a module
// starts using a new type, and commit the result:
//   npm install --prefix /tmp/provider @cdktf/provider-aws@21.22.1
//   node provider-schema.js /tmp/provider/node_modules/@cdktf/provider-aws ../resources/aws-provider-schema.json
const fs = require("fs");
const path = require("path");
const { parse } = require("@cdktf/hcl2json");

const pkg = process.argv[2];
const out = process.argv[3];
const tfDir = path.resolve(__dirname, "../../../../terraform");

function tfFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tfFiles(p) : e.name.endsWith(".tf") ? [p] : [];
  });
}

// interface name -> {snake_case attribute -> {ts: TypeScript type, required}}
function interfaces(dts) {
  const result = {};
  const re = /export interface (\w+)[^{]*\{([\s\S]*?)\n\}/g;
  let m;
  while ((m = re.exec(dts))) {
    const fields = {};
    const entry = /#(\w+) \w+#\w+\}[\s\S]*?\*\/\s*readonly (\w+)(\?)?: ([^;]+);/g;
    let f;
    while ((f = entry.exec(m[2]))) fields[f[1]] = { ts: f[4], required: f[3] === undefined };
    result[m[1]] = fields;
  }
  return result;
}

// A TypeScript type of the generated code as a Terraform type: string, number, bool, list, map or any
function tfType(ts) {
  const t = ts.replace(/\s+/g, " ").replace(/ \| cdktf\.IResolvable/g, "").trim();
  if (t === "string") return "string";
  if (t === "number") return "number";
  if (t === "boolean") return "bool";
  if (/^(string|number|boolean)\[\]$/.test(t)) return "list";
  if (t.startsWith("{ [key: string]")) return "map";
  return "any";
}

function schema(ifaces, name, seen, required) {
  const node = { attributes: {}, blocks: {} };
  if (required !== undefined) node.required = required;
  const fields = ifaces[name] || {};
  for (const attr of Object.keys(fields).sort()) {
    const { ts, required: req } = fields[attr];
    const nested = Object.keys(ifaces).find((i) => i !== name && new RegExp("\\b" + i + "\\b").test(ts));
    if (nested && !seen.has(nested)) {
      node.blocks[attr] = schema(ifaces, nested, new Set([...seen, nested]), req);
    } else {
      node.attributes[attr] = { type: tfType(ts), required: req };
    }
  }
  return node;
}

(async () => {
  const used = new Set();
  for (const file of tfFiles(tfDir)) {
    const json = await parse(file, fs.readFileSync(file, "utf8"));
    for (const kind of ["resource", "data"]) {
      for (const type of Object.keys(json[kind] || {})) used.add(kind + ":" + type);
    }
  }
  const byType = {};
  for (const dir of fs.readdirSync(path.join(pkg, "lib"))) {
    const js = path.join(pkg, "lib", dir, "index.js");
    if (!fs.existsSync(js)) continue;
    const t = /\.tfResourceType = "(\w+)"/.exec(fs.readFileSync(js, "utf8"));
    if (t) byType[(dir.startsWith("data-") ? "data:" : "resource:") + t[1]] = dir;
  }
  const result = {
    provider: "hashicorp/aws " + /aws\/(\d+\.\d+\.\d+)\/docs/.exec(fs.readFileSync(path.join(pkg, "lib", "kinesis-stream", "index.d.ts"), "utf8"))[1],
    source: "@cdktf/provider-aws " + JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")).version,
    types: {},
  };
  for (const key of [...used].sort()) {
    const dir = byType[key];
    if (!dir) throw new Error("no provider type " + key);
    const dts = fs.readFileSync(path.join(pkg, "lib", dir, "index.d.ts"), "utf8");
    const ifaces = interfaces(dts);
    const config = Object.keys(ifaces).find((i) => i.endsWith("Config") && dts.includes("export interface " + i + " extends cdktf.TerraformMetaArguments"));
    result.types[key] = schema(ifaces, config, new Set([config]));
  }
  fs.writeFileSync(out, JSON.stringify(result, null, 1) + "\n");
  console.log("wrote " + Object.keys(result.types).length + " types to " + out);
})().catch((e) => { console.error(e); process.exit(1); });
