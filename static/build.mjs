// Builds static/build/portal.css and copies GOV.UK Frontend's JS, fonts and
// images where /assets/... resolves. Run by `make assets` (npm run build).
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const govuk = join(here, "..", "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(here, "build");
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
console.log("built static/build/portal.css (" + css.css.length + " bytes)");
