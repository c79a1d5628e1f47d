/**
 * Turns the kernel's iopub messages into nbformat outputs, the way Jupyter front-ends do:
 * - consecutive `stream` messages of the same name merge into one output;
 * - `display_data` / `execute_result` / `error` each add an output;
 * - `update_display_data` replaces, in place, every output shown with the same display id, in
 *   whichever cell it lives (a live figure may be updated from a later cell);
 * - `clear_output` empties the cell, at once or (`wait`) when its next output arrives.
 *
 * Messages are routed to cells by their parent header, so output that arrives late (after its
 * cell finished) still lands in the right cell.
 *
 * @see https://jupyter-client.readthedocs.io/en/latest/messaging.html#messages-on-the-iopub-pub-sub-channel
 */
import type { CodeCell, DisplayDataOutput, ExecuteResultOutput, MimeData, Output } from "../nbformat";
import { joinLines } from "../nbformat";

/** The parts of a Jupyter message the recorder reads. */
export interface IopubMessage {
  header: { msg_type: string };
  parent_header: { msg_id?: string };
  content: Record<string, unknown>;
}

type RichOutput = DisplayDataOutput | ExecuteResultOutput;

function displayIdOf(content: Record<string, unknown>): string | undefined {
  const transient = content.transient as { display_id?: unknown } | undefined;
  return typeof transient?.display_id === "string" ? transient.display_id : undefined;
}

function mimeData(content: Record<string, unknown>): MimeData {
  return (content.data ?? {}) as MimeData;
}

function metadataOf(content: Record<string, unknown>): Record<string, unknown> {
  return (content.metadata ?? {}) as Record<string, unknown>;
}

/** Records outputs into the code cells of one notebook. */
export class OutputRecorder {
  private readonly cellByRequest = new Map<string, CodeCell>();
  private readonly outputsByDisplayId = new Map<string, RichOutput[]>();
  private readonly clearOnNextOutput = new Set<CodeCell>();

  /** Starts recording `cell`'s outputs for the execute request `msgId` (clears old outputs). */
  beginCell(msgId: string, cell: CodeCell): void {
    cell.outputs = [];
    cell.execution_count = null;
    this.cellByRequest.set(msgId, cell);
  }

  /** Applies one iopub message; messages of other requests (and status etc.) are ignored. */
  handle(msg: IopubMessage): void {
    const cell = msg.parent_header.msg_id === undefined ? undefined : this.cellByRequest.get(msg.parent_header.msg_id);
    if (cell === undefined) return;
    const { content } = msg;
    switch (msg.header.msg_type) {
      case "stream":
        this.addStream(cell, content.name === "stderr" ? "stderr" : "stdout", String(content.text ?? ""));
        break;
      case "display_data":
        this.addRich(
          cell,
          { output_type: "display_data", data: mimeData(content), metadata: metadataOf(content) },
          displayIdOf(content),
        );
        break;
      case "execute_result":
        this.addRich(
          cell,
          {
            output_type: "execute_result",
            execution_count: typeof content.execution_count === "number" ? content.execution_count : null,
            data: mimeData(content),
            metadata: metadataOf(content),
          },
          displayIdOf(content),
        );
        break;
      case "update_display_data":
        this.update(content);
        break;
      case "error":
        this.add(cell, {
          output_type: "error",
          ename: String(content.ename ?? ""),
          evalue: String(content.evalue ?? ""),
          traceback: Array.isArray(content.traceback) ? content.traceback.map(String) : [],
        });
        break;
      case "clear_output":
        if (content.wait === true) this.clearOnNextOutput.add(cell);
        else cell.outputs = [];
        break;
      default:
        break; // status, execute_input, comm messages: not outputs
    }
  }

  private add(cell: CodeCell, output: Output): void {
    if (this.clearOnNextOutput.delete(cell)) cell.outputs = [];
    cell.outputs.push(output);
  }

  private addStream(cell: CodeCell, name: "stdout" | "stderr", text: string): void {
    if (this.clearOnNextOutput.delete(cell)) cell.outputs = [];
    const last = cell.outputs[cell.outputs.length - 1];
    if (last?.output_type === "stream" && last.name === name) {
      last.text = joinLines(last.text) + text;
    } else {
      cell.outputs.push({ output_type: "stream", name, text });
    }
  }

  private addRich(cell: CodeCell, output: RichOutput, displayId: string | undefined): void {
    this.add(cell, output);
    if (displayId === undefined) return;
    const shown = this.outputsByDisplayId.get(displayId) ?? [];
    shown.push(output);
    this.outputsByDisplayId.set(displayId, shown);
  }

  private update(content: Record<string, unknown>): void {
    const displayId = displayIdOf(content);
    if (displayId === undefined) return;
    for (const output of this.outputsByDisplayId.get(displayId) ?? []) {
      output.data = mimeData(content);
      output.metadata = metadataOf(content);
    }
  }
}
