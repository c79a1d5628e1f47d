/**
 * Where things live in this project. Compiled code runs from `dist/src/**` and `dist/test/**`,
 * so paths are found from the project root, never from `__dirname` counting.
 */
import { existsSync, readFileSync } from "fs";
import path from "path";

/** The `name` in our package.json: how the root is recognised. */
const PACKAGE_NAME = "nndl-weight-initialization";

let root: string | undefined;

/** The project's root folder (the one holding package.json, notebooks/, src/). */
export function projectRoot(): string {
  if (root !== undefined) return root;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE_NAME
    ) {
      root = dir;
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`projectRoot: no package.json named "${PACKAGE_NAME}" above ${__dirname}`);
    }
  }
}

/** The source notebooks. */
export function notebooksDir(): string {
  return path.join(projectRoot(), "notebooks");
}

/** Generated output (gitignored): executed notebooks, the kernelspec, test artefacts. */
export function buildDir(): string {
  return path.join(projectRoot(), "build");
}

/** The environment variable that sends what notebooks save elsewhere (the tests set it). */
export const OUTPUT_DIR_VARIABLE = "NNDL_OUTPUT_DIR";

/**
 * Where a notebook saves a file it produces (`relative` inside the output folder): `build/`
 * unless `NNDL_OUTPUT_DIR` says otherwise, so a test run never writes over what `npm start` wrote.
 */
export function outputPath(relative: string): string {
  return path.resolve(process.env[OUTPUT_DIR_VARIABLE] ?? buildDir(), relative);
}
