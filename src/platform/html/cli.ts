/**
 * `npm run pages`: writes the HTML pages again from the notebooks already executed in build/
 * (or `--out-dir DIR`), without running them: quick after a change to the pages' look.
 * `npm start` writes the same pages as it executes the notebooks.
 * Exit status: 0 written, 1 a notebook could not be read or rendered, 2 bad usage or nothing to render.
 */
import { existsSync, readdirSync } from "fs";
import path from "path";
import { buildDir } from "../paths";
import { readNotebook } from "../nbformat";
import { pageReport, Site } from "./site";

const USAGE = `Usage: node dist/src/platform/html/cli.js [--out-dir DIR]

Writes DIR/<name>.html for every executed notebook DIR/<name>.ipynb, and DIR/index.html.
DIR defaults to build/, where npm start leaves the executed notebooks.`;

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

function main(argv: string[]): number {
  let outDir = buildDir();
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "-h" || argv[i] === "--help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (argv[i] === "--out-dir" && argv[i + 1] !== undefined) outDir = path.resolve(argv[++i]);
    else {
      process.stderr.write(`unexpected argument ${argv[i]}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
  }
  const notebooks = existsSync(outDir)
    ? readdirSync(outDir)
        .filter((f) => f.endsWith(".ipynb"))
        .sort()
    : [];
  if (notebooks.length === 0) {
    process.stderr.write(`no executed notebooks in ${outDir}: run npm start first\n`);
    return EXIT_USAGE;
  }
  const site = new Site(outDir);
  for (const file of notebooks.map((f) => path.join(outDir, f))) {
    const { page, path: written } = site.writePage(readNotebook(file), file);
    process.stderr.write(pageReport(page, written));
    process.stdout.write(`${path.relative(process.cwd(), written) || written}\n`);
  }
  const index = site.writeIndex();
  process.stdout.write(`${path.relative(process.cwd(), index) || index}\n`);
  return 0;
}

if (require.main === module) {
  try {
    process.exit(main(process.argv.slice(2)));
  } catch (e) {
    process.stderr.write(`✗ ${(e as Error).message}\n`);
    process.exit(EXIT_FAILED);
  }
}
