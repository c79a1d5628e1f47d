/**
 * Notebooks on disk: the nbformat 4 types we read and write, a reader that checks the structure
 * and says which file and field is wrong, and a writer that produces the same text as Python's
 * `nbformat.write` (keys sorted, one-space indent, multi-line strings as lists of lines), so
 * executed copies diff cleanly against Jupyter's own.
 *
 * @see https://nbformat.readthedocs.io/en/latest/format_description.html
 */
import { mkdirSync, readFileSync } from "fs";
import path from "path";
import { writeFileAtomic } from "../data/atomic-file";

/** nbformat stores multi-line text either as one string or as a list of lines. */
export type MultilineString = string | string[];

/** A MIME bundle: text types are multi-line strings, JSON types (`…json`) are objects. */
export type MimeData = Record<string, MultilineString | object>;

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineString;
}

export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeData;
  metadata: Record<string, unknown>;
}

export interface ExecuteResultOutput {
  output_type: "execute_result";
  execution_count: number | null;
  data: MimeData;
  metadata: Record<string, unknown>;
}

export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

interface CellBase {
  id: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
}

export interface CodeCell extends CellBase {
  cell_type: "code";
  execution_count: number | null;
  outputs: Output[];
}

export interface MarkdownCell extends CellBase {
  cell_type: "markdown";
  attachments?: Record<string, unknown>;
}

export interface RawCell extends CellBase {
  cell_type: "raw";
  attachments?: Record<string, unknown>;
}

export type Cell = CodeCell | MarkdownCell | RawCell;

export interface KernelSpecMetadata {
  display_name: string;
  language: string;
  name: string;
}

export interface NotebookMetadata {
  kernelspec?: KernelSpecMetadata;
  language_info?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: NotebookMetadata;
  cells: Cell[];
}

/** The format version we write: 4.5 is the first with cell ids. */
export const NBFORMAT_MINOR = 5;
/** What nbformat 4.5 allows as a cell id. */
const CELL_ID_PATTERN = /^[a-zA-Z0-9-_]{1,64}$/;

/** The kernelspec every notebook of this project names in its metadata. */
export const TSLAB_KERNELSPEC: KernelSpecMetadata = {
  display_name: "TypeScript (tslab, this project)",
  language: "typescript",
  name: "tslab",
};

/** A cell's source as one string. */
export function joinLines(text: MultilineString): string {
  return Array.isArray(text) ? text.join("") : text;
}

/** Splits text the way nbformat stores it: lines keep their "\n"; "" becomes []. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function isJsonMime(mime: string): boolean {
  return mime === "application/json" || mime.endsWith("+json");
}

function fail(file: string, field: string, expected: string, got: unknown): never {
  const shown = got === undefined ? "nothing" : (JSON.stringify(got)?.slice(0, 60) ?? String(got));
  throw new Error(`${file}: ${field} should be ${expected}, got ${shown}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isMultiline(v: unknown): v is MultilineString {
  return typeof v === "string" || (Array.isArray(v) && v.every((s) => typeof s === "string"));
}

/** Checks one output of a code cell (what the page writer and the runner read from it). */
function checkOutput(file: string, where: string, o: unknown): Output {
  if (!isRecord(o)) fail(file, where, "an object", o);
  switch (o.output_type) {
    case "stream":
      if (o.name !== "stdout" && o.name !== "stderr") fail(file, `${where}.name`, '"stdout" or "stderr"', o.name);
      if (!isMultiline(o.text)) fail(file, `${where}.text`, "a string or a list of strings", o.text);
      return o as unknown as Output;
    case "display_data":
    case "execute_result": {
      if (!isRecord(o.data)) fail(file, `${where}.data`, "an object of MIME types", o.data);
      for (const [mime, value] of Object.entries(o.data)) {
        if (!isMultiline(value) && !(isJsonMime(mime) && value !== null && typeof value === "object")) {
          fail(
            file,
            `${where}.data["${mime}"]`,
            isJsonMime(mime) ? "JSON (an object or array)" : "a string or a list of strings",
            value,
          );
        }
      }
      const metadata = o.metadata === undefined ? {} : o.metadata;
      if (!isRecord(metadata)) fail(file, `${where}.metadata`, "an object", metadata);
      if (o.output_type === "execute_result" && o.execution_count !== null && typeof o.execution_count !== "number") {
        fail(file, `${where}.execution_count`, "a number or null", o.execution_count);
      }
      return { ...o, metadata } as unknown as Output;
    }
    case "error":
      if (typeof o.ename !== "string") fail(file, `${where}.ename`, "a string", o.ename);
      if (typeof o.evalue !== "string") fail(file, `${where}.evalue`, "a string", o.evalue);
      if (!Array.isArray(o.traceback) || !o.traceback.every((l) => typeof l === "string"))
        fail(file, `${where}.traceback`, "a list of strings", o.traceback);
      return o as unknown as Output;
    default:
      return fail(file, `${where}.output_type`, '"stream", "display_data", "execute_result" or "error"', o.output_type);
  }
}

/**
 * Parses and checks a notebook. Cells without ids (nbformat < 4.5) get `cell-<n>` ids, so
 * every notebook we write is 4.5.
 */
export function parseNotebook(text: string, file: string): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(raw)) fail(file, "the top level", "an object", raw);
  if (raw.nbformat !== 4) fail(file, "nbformat", "4", raw.nbformat);
  if (typeof raw.nbformat_minor !== "number") fail(file, "nbformat_minor", "a number", raw.nbformat_minor);
  if (!isRecord(raw.metadata)) fail(file, "metadata", "an object", raw.metadata);
  if (!Array.isArray(raw.cells)) fail(file, "cells", "an array", raw.cells);
  const seen = new Set<string>();
  const cells = raw.cells.map((c: unknown, i: number): Cell => {
    const where = `cells[${i}]`;
    if (!isRecord(c)) fail(file, where, "an object", c);
    if (c.cell_type !== "code" && c.cell_type !== "markdown" && c.cell_type !== "raw") {
      fail(file, `${where}.cell_type`, '"code", "markdown" or "raw"', c.cell_type);
    }
    if (!isMultiline(c.source)) fail(file, `${where}.source`, "a string or a list of strings", c.source);
    const id = c.id === undefined ? `cell-${i + 1}` : c.id;
    if (typeof id !== "string" || !CELL_ID_PATTERN.test(id))
      fail(file, `${where}.id`, "1-64 letters, digits, - or _", id);
    if (seen.has(id)) fail(file, `${where}.id`, "unique", id);
    seen.add(id);
    const metadata = c.metadata === undefined ? {} : c.metadata;
    if (!isRecord(metadata)) fail(file, `${where}.metadata`, "an object", metadata);
    if (c.cell_type === "code") {
      const outputs = c.outputs === undefined ? [] : c.outputs;
      if (!Array.isArray(outputs)) fail(file, `${where}.outputs`, "an array", outputs);
      const count = c.execution_count === undefined ? null : c.execution_count;
      if (count !== null && typeof count !== "number")
        fail(file, `${where}.execution_count`, "a number or null", count);
      const checked = outputs.map((o: unknown, j: number) => checkOutput(file, `${where}.outputs[${j}]`, o));
      return { ...c, cell_type: "code", id, metadata, source: c.source, outputs: checked, execution_count: count };
    }
    return { ...c, cell_type: c.cell_type, id, metadata, source: c.source };
  });
  return {
    nbformat: 4,
    nbformat_minor: Math.max(raw.nbformat_minor, NBFORMAT_MINOR),
    metadata: raw.metadata,
    cells,
  };
}

/** Reads and checks a notebook file (see {@link parseNotebook}). */
export function readNotebook(file: string): Notebook {
  return parseNotebook(readFileSync(file, "utf8"), file);
}

/** The nbformat on-disk form of a MIME bundle: text split into lines, JSON kept as objects. */
function diskData(data: MimeData): MimeData {
  const out: MimeData = {};
  for (const [mime, value] of Object.entries(data)) {
    out[mime] = !isJsonMime(mime) && typeof value === "string" ? splitLines(value) : value;
  }
  return out;
}

function diskOutput(output: Output): Output {
  switch (output.output_type) {
    case "stream":
      return { ...output, text: splitLines(joinLines(output.text)) };
    case "display_data":
    case "execute_result":
      return { ...output, data: diskData(output.data) };
    case "error":
      return output;
  }
}

function diskCell(cell: Cell): Cell {
  const source = splitLines(joinLines(cell.source));
  return cell.cell_type === "code" ? { ...cell, source, outputs: cell.outputs.map(diskOutput) } : { ...cell, source };
}

/** A copy of `value` with object keys in sorted order, as Python's `json.dumps(sort_keys=True)`. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

/** The notebook as Jupyter writes it. */
export function serializeNotebook(notebook: Notebook): string {
  return `${JSON.stringify(sortKeys({ ...notebook, cells: notebook.cells.map(diskCell) }), null, 1)}\n`;
}

/** Writes a notebook (creating its folder) as Jupyter would. */
export function writeNotebook(file: string, notebook: Notebook): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, serializeNotebook(notebook)); // a kill mid-write leaves the previous copy whole
}

/** Source cells carry no outputs, no execution counts. Returns what is wrong, one line each. */
export function outputProblems(notebook: Notebook): string[] {
  const problems: string[] = [];
  notebook.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    if (cell.outputs.length > 0) problems.push(`cell ${i + 1} has ${cell.outputs.length} output(s)`);
    if (cell.execution_count !== null) problems.push(`cell ${i + 1} has execution_count ${cell.execution_count}`);
  });
  return problems;
}
