import { expect } from "chai";
import { CodeCell } from "../../../src/platform/nbformat";
import { IopubMessage, OutputRecorder } from "../../../src/platform/runner/outputs";

const cell = (id: string): CodeCell => ({
  cell_type: "code",
  id,
  metadata: {},
  source: "",
  execution_count: null,
  outputs: [],
});
const msg = (parent: string, msg_type: string, content: Record<string, unknown>): IopubMessage => ({
  header: { msg_type },
  parent_header: { msg_id: parent },
  content,
});

describe("outputs: iopub messages to nbformat outputs", () => {
  it("merges consecutive stream messages of the same name, as Jupyter shows them", () => {
    const recorder = new OutputRecorder();
    const c = cell("a");
    recorder.beginCell("r1", c);
    for (const [name, text] of [
      ["stdout", "1\n"],
      ["stdout", "2"],
      ["stdout", "\n"],
      ["stderr", "e\n"],
      ["stdout", "3\n"],
    ]) {
      recorder.handle(msg("r1", "stream", { name, text }));
    }
    expect(c.outputs).to.deep.equal([
      { output_type: "stream", name: "stdout", text: "1\n2\n" },
      { output_type: "stream", name: "stderr", text: "e\n" },
      { output_type: "stream", name: "stdout", text: "3\n" },
    ]);
  });

  it("routes by parent: late output of an earlier cell lands in that cell", () => {
    const recorder = new OutputRecorder();
    const [a, b] = [cell("a"), cell("b")];
    recorder.beginCell("r1", a);
    recorder.beginCell("r2", b);
    recorder.handle(msg("r2", "stream", { name: "stdout", text: "b\n" }));
    recorder.handle(msg("r1", "stream", { name: "stdout", text: "late a\n" }));
    recorder.handle(msg("unknown", "stream", { name: "stdout", text: "nobody's\n" }));
    recorder.handle(msg("r1", "status", { execution_state: "idle" }));
    expect(a.outputs).to.deep.equal([{ output_type: "stream", name: "stdout", text: "late a\n" }]);
    expect(b.outputs).to.deep.equal([{ output_type: "stream", name: "stdout", text: "b\n" }]);
  });

  it("applies update_display_data to every output with that display id, in any cell, without adding one", () => {
    const recorder = new OutputRecorder();
    const [a, b] = [cell("a"), cell("b")];
    recorder.beginCell("r1", a);
    recorder.handle(
      msg("r1", "display_data", { data: { "text/plain": "v1" }, metadata: {}, transient: { display_id: "d" } }),
    );
    recorder.handle(msg("r1", "display_data", { data: { "text/plain": "other" }, metadata: {} }));
    recorder.beginCell("r2", b);
    recorder.handle(
      msg("r2", "display_data", { data: { "text/plain": "v1 again" }, metadata: {}, transient: { display_id: "d" } }),
    );
    recorder.handle(
      msg("r2", "update_display_data", {
        data: { "text/plain": "v2" },
        metadata: { m: 1 },
        transient: { display_id: "d" },
      }),
    );
    recorder.handle(
      msg("r2", "update_display_data", {
        data: { "text/plain": "ghost" },
        metadata: {},
        transient: { display_id: "never-shown" },
      }),
    );
    expect(a.outputs).to.deep.equal([
      { output_type: "display_data", data: { "text/plain": "v2" }, metadata: { m: 1 } },
      { output_type: "display_data", data: { "text/plain": "other" }, metadata: {} },
    ]);
    expect(b.outputs).to.deep.equal([
      { output_type: "display_data", data: { "text/plain": "v2" }, metadata: { m: 1 } },
    ]);
  });

  it("records execute_result and error outputs", () => {
    const recorder = new OutputRecorder();
    const c = cell("a");
    recorder.beginCell("r1", c);
    recorder.handle(msg("r1", "execute_result", { execution_count: 3, data: { "text/plain": "42" }, metadata: {} }));
    recorder.handle(msg("r1", "error", { ename: "TypeError", evalue: "x is undefined", traceback: ["t1", "t2"] }));
    expect(c.outputs).to.deep.equal([
      { output_type: "execute_result", execution_count: 3, data: { "text/plain": "42" }, metadata: {} },
      { output_type: "error", ename: "TypeError", evalue: "x is undefined", traceback: ["t1", "t2"] },
    ]);
  });

  it("clears a cell at once, or at its next output with wait=true", () => {
    const recorder = new OutputRecorder();
    const c = cell("a");
    recorder.beginCell("r1", c);
    recorder.handle(msg("r1", "stream", { name: "stdout", text: "1\n" }));
    recorder.handle(msg("r1", "clear_output", { wait: false }));
    expect(c.outputs).to.deep.equal([]);
    recorder.handle(msg("r1", "stream", { name: "stdout", text: "2\n" }));
    recorder.handle(msg("r1", "clear_output", { wait: true }));
    expect(c.outputs).to.have.length(1);
    recorder.handle(msg("r1", "stream", { name: "stdout", text: "3\n" }));
    expect(c.outputs).to.deep.equal([{ output_type: "stream", name: "stdout", text: "3\n" }]);
  });

  it("starting a cell drops outputs it had from before", () => {
    const recorder = new OutputRecorder();
    const c = cell("a");
    c.outputs = [{ output_type: "stream", name: "stdout", text: "old\n" }];
    c.execution_count = 7;
    recorder.beginCell("r1", c);
    expect(c.outputs).to.deep.equal([]);
    expect(c.execution_count).to.equal(null);
  });
});
