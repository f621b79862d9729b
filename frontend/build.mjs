// Copies the NL Design System CSS, the Noto Sans web font and htmx from node_modules into the Django static
// folder. Run with `make assets` after changing package.json; the output is committed so that running the app
// needs Python alone.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "src", "overstap", "ui", "static", "ui", "vendor");
mkdirSync(join(out, "fonts"), { recursive: true });

const pkg = (name) => JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8"));
const copy = (from, to) => copyFileSync(join(modules, from), join(out, to));

copy("@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css", "nlds-theme.css");
copy("@utrecht/component-library-css/dist/index.css", "utrecht-components.css");
copy("htmx.org/dist/htmx.min.js", "htmx.min.js");

const faces = [];
for (const [weight, style] of [["400", "normal"], ["700", "normal"], ["400", "italic"]]) {
  const file = `noto-sans-latin-${weight}-${style}.woff2`;
  copy(`@fontsource/noto-sans/files/${file}`, join("fonts", file));
  faces.push(
    `@font-face {\n  font-family: "Noto Sans";\n  font-style: ${style};\n  font-weight: ${weight};\n` +
      `  font-display: swap;\n  src: url("fonts/${file}") format("woff2");\n}`,
  );
}
writeFileSync(join(out, "fonts.css"), `/* Noto Sans (SIL Open Font License 1.1), latin subset. */\n${faces.join("\n")}\n`);

const names = [
  "@nl-design-system-unstable/voorbeeld-design-tokens",
  "@utrecht/component-library-css",
  "@fontsource/noto-sans",
  "htmx.org",
];
const lines = names.map((name) => {
  const p = pkg(name);
  return `${name} ${p.version} (${p.license ?? "see package"})`;
});
writeFileSync(join(out, "VERSIONS.txt"), `Built from these npm packages by frontend/build.mjs:\n${lines.join("\n")}\n`);
if (!existsSync(join(out, "htmx.min.js"))) process.exit(1);
console.log(`Wrote ${out}`);
