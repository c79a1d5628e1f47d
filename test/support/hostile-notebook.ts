/**
 * A notebook whose markdown and outputs try to run code in the pages made from it: each payload
 * sets `window.pwned_<name>` if it ever runs (the hostile page tests, static and in chromium).
 */
import { figureBundle } from "../../src/platform/display/bundle";
import { CodeCell, Notebook, Output, TSLAB_KERNELSPEC } from "../../src/platform/nbformat";

export const PAYLOADS: Record<string, string> = {
  script: "<script>window.pwned_script=1</script>",
  img_onerror: '<img src="x" onerror="window.pwned_img_onerror=1">',
  a_href: '<a href="javascript:window.pwned_a_href=1">a link</a>',
  a_case: '<a href="JaVaScRiPt:window.pwned_a_case=1">a link</a>',
  a_entity: '<a href="&#106;avascript:window.pwned_a_entity=1">a link</a>',
  iframe: '<iframe src="javascript:parent.pwned_iframe=1"></iframe>',
  srcdoc: '<iframe srcdoc="<script>parent.pwned_srcdoc=1</script>"></iframe>',
  svg_onload: '<svg onload="window.pwned_svg_onload=1"><circle r="1"/></svg>',
  object: '<object data="javascript:window.pwned_object=1"></object>',
  embed: '<embed src="javascript:window.pwned_embed=1">',
  details: '<details open ontoggle="window.pwned_details=1"><summary>more</summary>text</details>',
  input: '<input autofocus onfocus="window.pwned_input=1">',
  mxss: '<math><mtext><table><mglyph><style><img src=x onerror="window.pwned_mxss=1">',
  meta: '<meta http-equiv="refresh" content="0;url=javascript:window.pwned_meta=1">',
  video: '<video><source onerror="window.pwned_video=1"></video>',
};
export const ALL_PAYLOADS = Object.values(PAYLOADS).join(" ");
/** A 1×1 PNG. */
export const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

const display = (data: Record<string, string | object>): Output => ({
  output_type: "display_data",
  data,
  metadata: {},
});
const code = (id: string, outputs: Output[]): CodeCell => ({
  cell_type: "code",
  id,
  metadata: {},
  source: "",
  outputs,
  execution_count: 1,
});

export function hostileNotebook(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: TSLAB_KERNELSPEC },
    cells: [
      { cell_type: "markdown", id: "title", metadata: {}, source: `# Hostile\n\nThe blurb ${ALL_PAYLOADS}\n` },
      { cell_type: "markdown", id: "blocks", metadata: {}, source: Object.values(PAYLOADS).join("\n\n") },
      code("image", [
        display({ "image/png": `${PNG}" onerror="window.pwned_image_attribute=1`, "text/plain": "image" }),
      ]),
      code("markdown-output", [display({ "text/markdown": ALL_PAYLOADS })]),
      code("html-output", [
        display({
          "text/html": `<p>an HTML output</p><script>window.pwned_html_output=1</script>${PAYLOADS.img_onerror}`,
        }),
      ]),
      code("figure", [
        display(figureBundle({ data: [{ type: "scatter", y: [1, 3, 2] }], layout: {} }, "nndl-hostile-figure")),
      ]),
    ],
  };
}
