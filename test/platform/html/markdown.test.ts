/** Markdown cells to HTML: the `$`/`$$` math rule, heading ids and contents, links to sibling notebooks. */
import { expect } from "chai";
import { createMarkdown, newPageEnv, PageEnv, renderMarkdown, uniqueId } from "../../../src/platform/html/markdown";

function render(source: string, env: PageEnv = newPageEnv()): { html: string; env: PageEnv } {
  return { html: renderMarkdown(createMarkdown(), source, env), env };
}

/** The TeX of each formula, in order, with its kind, read back from KaTeX's MathML annotation. */
function formulas(html: string): string[] {
  const out: string[] = [];
  const annotation = '<annotation encoding="application/x-tex">([\\s\\S]*?)</annotation>';
  const re = new RegExp(`<(span|div) class="math (inline|display)">[\\s\\S]*?${annotation}`, "g");
  for (let m = re.exec(html); m !== null; m = re.exec(html)) out.push(`${m[2]}:${m[3].replace(/&amp;/g, "&")}`);
  return out;
}

describe("html/math: $…$ and $$…$$", () => {
  it("typesets inline math, and keeps markdown out of it (no emphasis from _)", () => {
    const { html, env } = render("with $n_{in}$ inputs and weights $w_j x_j$, *really*");
    expect(formulas(html)).to.deep.equal(["inline:n_{in}", "inline:w_j x_j"]);
    expect(html).to.include("<em>really</em>").and.not.include("<em>in");
    expect(env.mathCount).to.equal(2);
  });

  it("follows pandoc's rule for dollars: prices, spaced dollars and \\$ stay text", () => {
    const { html, env } = render("costs $5 and $6, or $ 7 $, or \\$8 and \\$9");
    expect(formulas(html)).to.deep.equal([]);
    expect(env.mathCount).to.equal(0);
    expect(html).to.include("costs $5 and $6, or $ 7 $, or $8 and $9");
  });

  it("leaves dollars in code spans and fenced code alone", () => {
    const { html } = render("`const a = $b$;`\n\n```ts\nconst s = `${x}$`;\n```\n");
    expect(formulas(html)).to.deep.equal([]);
    expect(html).to.include("<code>const a = $b$;</code>");
  });

  it("display math: one line, several lines, inside a paragraph, and $$…$$ within text", () => {
    const { html } = render(
      "$$\\mathrm{Var}(z) = k\\,\\sigma_w^2 + \\sigma_b^2 .$$\n\n" +
        "$$\na = b\n+ c\n$$\n\ntext before\n$$x^2$$\nand $$y$$ inline\n",
    );
    expect(formulas(html)).to.deep.equal([
      "display:\\mathrm{Var}(z) = k\\,\\sigma_w^2 + \\sigma_b^2 .",
      "display:a = b\n+ c",
      "display:x^2",
      "display:y",
    ]);
    expect(html).to.match(/<div class="math display"><span class="katex-display">/);
  });

  it("typesets math in table cells and list items", () => {
    const { html } = render(
      "| scheme | $w_j$ |\n|---|---|\n| new | $N(0, 1/n_{in})$ |\n\n- **old**: $\\sigma_z = \\sqrt{501}$\n",
    );
    expect(formulas(html)).to.deep.equal(["inline:w_j", "inline:N(0, 1/n_{in})", "inline:\\sigma_z = \\sqrt{501}"]);
    expect(html).to.include("<table>");
  });

  it("records a formula KaTeX cannot read, with where it is, and shows KaTeX's error in its place", () => {
    const env = newPageEnv();
    env.where = "cell 7";
    const { html } = render("broken $\\frac{1}{$ here", env);
    expect(html).to.include("katex-error");
    expect(env.mathProblems).to.have.length(1);
    expect(env.mathProblems?.[0]).to.include({ where: "cell 7", tex: "\\frac{1}{" });
  });
});

describe("html/markdown: headings and links", () => {
  it("gives headings ids unique across the cells of a page and collects them with their HTML", () => {
    const env = newPageEnv();
    render("# 01 · The variance of z\n\n## The setting\n", env);
    render("## The setting\n\n### Why $\\sigma_z$ matters\n", env);
    expect(env.headings.map((h) => [h.level, h.id])).to.deep.equal([
      [1, "01-the-variance-of-z"],
      [2, "the-setting"],
      [2, "the-setting-2"],
      [3, "why-sigma-z-matters"],
    ]);
    expect(env.headings[3].html)
      .to.match(/^Why <span class="math inline"><span class="katex">/)
      .and.match(/ matters$/);
    expect(env.headings[3].text).to.equal("Why \\sigma_z matters");
  });

  it("makes ids as GitHub does, keeping letters of any script", () => {
    const ids = new Set<string>();
    expect(uniqueId("Why 22.4 is too wide", ids)).to.equal("why-22-4-is-too-wide");
    expect(uniqueId("σ'(z) and saturation", ids)).to.equal("σ-z-and-saturation");
    expect(uniqueId("!!!", ids)).to.equal("section");
    expect(uniqueId("!!!", ids)).to.equal("section-2");
  });

  it("points links to sibling notebooks at their pages, and leaves other links alone", () => {
    const { html } = render(
      "[02](02-sampling-z.ipynb#drawing-z) [03](./03-training.ipynb) [web](https://example.org/a.ipynb) [here](#x)",
    );
    expect(html).to.include('href="02-sampling-z.html#drawing-z"').and.include('href="./03-training.html"');
    expect(html).to.include('href="https://example.org/a.ipynb"').and.include('href="#x"');
  });

  it("highlights fenced TypeScript", () => {
    const { html } = render("```ts\nconst eta = 0.1;\n```\n");
    expect(html).to.include('<span class="hljs-keyword">const</span>');
  });
});
