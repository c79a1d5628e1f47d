/**
 * Verdicts as a table and generated prose as HTML: what the notebooks show where a fixed sentence
 * would go stale as soon as a learner changes a parameter.
 */
import { Verdict } from "../chapter/verdict";
import { escapeHtml } from "./html";
import type { Table } from "./table";

/** One row per verdict: ✓/✗, the claim, the measured value, the bound. */
export function verdictTable(verdicts: readonly Verdict[], caption: string): Table {
  return {
    caption,
    columns: ["", "claim", "measured", "bound"],
    rows: verdicts.map((v) => [v.holds ? "✓" : "✗", v.claim, v.measured, v.bound]),
  };
}

/** Generated prose: the same paragraphs as HTML (escaped, one `<p>` each) and as plain text, for `showHtml`. */
export function prose(paragraphs: readonly string[]): { html: string; text: string } {
  return { html: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n"), text: paragraphs.join("\n\n") };
}
