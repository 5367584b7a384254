// Builds static/dist/ from npm packages: the NHS.UK design system compiled with our own
// settings (local asset paths, no remote web font), its JS module, its images, and htmx.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "static/dist";
mkdirSync(`${out}/css`, { recursive: true });
mkdirSync(`${out}/js`, { recursive: true });

const css = sass.compile("static/scss/main.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${out}/css/main.css`, css.css);

cpSync("node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js", `${out}/js/nhsuk-frontend.min.js`);
cpSync("node_modules/nhsuk-frontend/dist/nhsuk/assets", `${out}/nhsuk/assets`, { recursive: true });
cpSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/js/htmx.min.js`);
console.log(`assets built in ${out}/`);
