/**
 * `npm run pages`: writes the HTML pages again from the notebooks already executed in build/
 * (or `--out-dir DIR`), without running them: quick after a change to the pages' look.
 * `npm start` writes the same pages as it executes the notebooks.
 * Exit status: 0 written, 1 a notebook could not be read or rendered, 2 bad usage or nothing to render.
 */
import { existsSync, readdirSync } from "fs";
import path from "path";
import { parseArgs } from "util";
import { buildDir } from "../paths";
import { readNotebook } from "../nbformat";
import { pageReport, Site } from "./site";

const USAGE = `Usage: node dist/src/platform/html/cli.js [--out-dir DIR]

Writes DIR/<name>.html for every executed notebook DIR/<name>.ipynb, and DIR/index.html.
DIR defaults to build/, where npm start leaves the executed notebooks. A notebook whose page
cannot be written is named and skipped; the others are still written.
HTML outputs are shown sanitized (npm start, which has just produced them, keeps their scripts).`;

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/** The output folder from the command line, "help", or a usage error's message. */
function parseCommandLine(argv: string[]): { outDir: string } | "help" | { usage: string } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { "out-dir": { type: "string" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help === true) return "help";
    return { outDir: path.resolve(values["out-dir"] ?? buildDir()) };
  } catch (e) {
    const argument = /'(-[^ ']+)/.exec((e as Error).message)?.[1] ?? argv.join(" ");
    return { usage: `unexpected argument ${argument}` };
  }
}

/** The executed notebooks in `outDir`, in name order. */
function executedNotebooks(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => path.join(outDir, f));
}

/** Writes one notebook's page; false (after naming the notebook and why) if it cannot. */
function writePage(site: Site, file: string): boolean {
  try {
    const { page, path: written } = site.writePage(readNotebook(file), file);
    process.stderr.write(pageReport(page, written));
    process.stdout.write(`${path.relative(process.cwd(), written) || written}\n`);
    return true;
  } catch (e) {
    const shown = path.relative(process.cwd(), file) || file;
    process.stderr.write(`✗ ${shown}: no page written: ${(e as Error).message}\n`);
    return false;
  }
}

function main(argv: string[]): number {
  const options = parseCommandLine(argv);
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if ("usage" in options) {
    process.stderr.write(`${options.usage}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const notebooks = executedNotebooks(options.outDir);
  if (notebooks.length === 0) {
    process.stderr.write(`no executed notebooks in ${options.outDir}: run npm start first\n`);
    return EXIT_USAGE;
  }
  const site = new Site(options.outDir);
  const failed = notebooks.filter((file) => !writePage(site, file)).length;
  const index = site.writeIndex();
  for (const problem of index.skipped) process.stderr.write(`⚠ left out of the index: ${problem}\n`);
  process.stdout.write(`${path.relative(process.cwd(), index.path) || index.path}\n`);
  return failed === 0 ? 0 : EXIT_FAILED;
}

if (require.main === module) {
  try {
    process.exit(main(process.argv.slice(2)));
  } catch (e) {
    process.stderr.write(`✗ ${(e as Error).message}\n`);
    process.exit(EXIT_FAILED);
  }
}
