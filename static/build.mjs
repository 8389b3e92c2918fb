// Builds static/build/portal.css, copies GOV.UK Frontend's JS, fonts and images
// where /assets/... resolves, then fingerprints them: a copy of each file named
// after its content (portal.css -> portal.1a2b3c4d5e6f.css) and
// static/build/manifest.json from name to copy. The portal links the copies
// (portal/web/assets.py), so a browser may keep them for a year: a changed file
// gets a new name. `make bootstrap` runs this (npm run build), then
// `python -m whitenoise.compress` writes their .gz and .br.
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const govuk = join(here, "..", "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(here, "build");
const PREFIX = "/assets/"; // Flask's static_url_path (portal/__init__.py)
// A copy made by an earlier build, or any compressed file (whitenoise.compress remakes them).
const STALE = /(\.[0-9a-f]{12}\.[a-z0-9]+|\.gz|\.br)$/;
mkdirSync(out, { recursive: true });

const css = sass.compile(join(here, "src", "portal.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter(join(here, ".."))],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "portal.css"), css.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
for (const dir of ["images", "fonts"]) {
  cpSync(join(govuk, "assets", dir), join(here, dir), { recursive: true });
}
// The five faces of "How did it make you feel?" (portal/complaints/questions.py,
// FEELING_CHOICES), from OpenMoji (CC BY-SA 4.0): only these, not the 4,000 others.
const FACES = ["1F604", "1F610", "1F622", "1F620", "1F628"];
const openmoji = join(here, "..", "node_modules", "openmoji", "color", "svg");
rmSync(join(out, "faces"), { recursive: true, force: true });
mkdirSync(join(out, "faces"));
for (const code of FACES) {
  cpSync(join(openmoji, `${code}.svg`), join(out, "faces", `${code}.svg`));
}
console.log("built static/build/portal.css (" + css.css.length + " bytes)");

// The last build's copies and compressed files go: only the current ones are served.
for (const dir of ["build", "images", "fonts"]) {
  for (const name of readdirSync(join(here, dir))) {
    if (STALE.test(name)) rmSync(join(here, dir, name));
  }
}

// A file is fingerprinted after everything it names, so its hash covers their new
// names too: images and fonts, then the scripts and stylesheet that point at them.
const ordered = [
  ...["images", "fonts"].flatMap((dir) => readdirSync(join(here, dir)).map((n) => `${dir}/${n}`)),
  ...FACES.map((code) => `build/faces/${code}.svg`),
  "build/govuk-frontend.min.js",
  "build/portal.css",
  "portal.js",
  "come-back.js",
  "voice-note.js",
];
const manifest = {};

// The copy's name: build/portal.css -> build/portal.<hash>.css; portal.js's copy goes
// in build/ with the other generated files (static/ itself is under version control).
function hashedName(name, content) {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 12);
  const dir = name.includes("/") ? posix.dirname(name) : "build";
  const base = posix.basename(name);
  const dot = base.lastIndexOf(".");
  return `${dir}/${base.slice(0, dot)}.${hash}${base.slice(dot)}`;
}

// CSS url(/assets/...) and relative url(...), JS relative import specifiers: each
// pointed at the copy of the file it names, as the copy's own folder sees it.
function rewrite(name, copyDir, text) {
  const target = (ref) => {
    const key = ref.startsWith(PREFIX) ? ref.slice(PREFIX.length)
      : ref.startsWith(".") ? posix.join(posix.dirname(name), ref) : null;
    return key && manifest[key];
  };
  if (name.endsWith(".css")) {
    return text.replace(/url\((["']?)([^"')]+)\1\)/g, (all, quote, ref) => {
      const found = target(ref);
      return found ? `url(${quote}${PREFIX}${found}${quote})` : all;
    });
  }
  return text.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.[^"']+)\2/g, (all, lead, quote, ref) => {
    const found = target(ref);
    if (!found) return all;
    const relative = posix.relative(copyDir, found);
    return `${lead}${quote}${relative.startsWith(".") ? relative : "./" + relative}${quote}`;
  });
}

for (const name of ordered) {
  let content = readFileSync(join(here, name));
  if (/\.(css|js)$/.test(name)) {
    const copyDir = name.includes("/") ? posix.dirname(name) : "build";
    content = Buffer.from(rewrite(name, copyDir, content.toString("utf8")), "utf8");
  }
  manifest[name] = hashedName(name, content);
  writeFileSync(join(here, manifest[name]), content);
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log("fingerprinted " + ordered.length + " files (static/build/manifest.json)");
