import { expect } from "chai";
import MarkdownIt from "markdown-it";
import { escapeHtml } from "../../src/figures/html";

/** markdown-it's entity decoder: an independent reference for what a browser reads back. */
const decode = new MarkdownIt().utils.unescapeAll;

describe("escapeHtml", () => {
  it("replaces the five characters that can end text or an attribute value, and nothing else", () => {
    expect(escapeHtml(`a < b & "c" > 'd' é\n`)).to.equal("a &#60; b &#38; &#34;c&#34; &#62; &#39;d&#39; é\n");
  });

  it("gives back the same text once decoded, and leaves none of <>\"' in it", () => {
    for (const text of ["", "&amp;", "</p><script>x</script>", `"'&#60;`, "π ≈ 3.14 ✓"]) {
      const escaped = escapeHtml(text);
      expect(escaped).to.not.match(/[<>"']/);
      expect(decode(escaped)).to.equal(text);
    }
  });
});
