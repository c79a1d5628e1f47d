/**
 * HTML a page shows but did not write itself (raw HTML in markdown, HTML outputs of a notebook
 * the runner did not just execute), made harmless the way JupyterLab makes it harmless: JupyterLab
 * passes such HTML through `sanitize-html` with an allowlist, and so do we. What survives is
 * formatting: text, headings, lists, tables, links, images, `<details>`; what goes is anything
 * that runs or loads code: `<script>`, `<iframe>`, `<object>`, `<form>`, event-handler attributes
 * (`onerror`, `onclick`, …), and URLs whose scheme is not http(s), mailto or, for images, data.
 *
 * The allowlist is ours (tags and attributes a notebook's prose uses), not a copy of JupyterLab's.
 *
 * @see https://github.com/apostrophecms/sanitize-html
 */
import sanitizeHtml from "sanitize-html";

/** Block and inline formatting a notebook's markdown may carry as raw HTML. */
const ALLOWED_TAGS = [
  ...[
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "div",
    "span",
    "br",
    "hr",
    "blockquote",
    "pre",
    "code",
    "kbd",
    "samp",
    "var",
  ],
  ...["a", "img", "figure", "figcaption", "details", "summary", "abbr", "cite", "q", "dfn", "time", "mark", "small"],
  ...["b", "strong", "i", "em", "u", "s", "del", "ins", "sub", "sup", "ul", "ol", "li", "dl", "dt", "dd"],
  ...["table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "center", "font"],
];

/** CSS properties kept in `style` attributes (layout and colour, nothing that fetches). */
const ALLOWED_STYLES = Object.fromEntries(
  [
    "color",
    "background-color",
    "text-align",
    "vertical-align",
    "font-weight",
    "font-style",
    "font-size",
    "text-decoration",
    "width",
    "height",
    "max-width",
    "margin",
    "margin-left",
    "margin-right",
    "padding",
    "border",
    "white-space",
    "display",
  ].map((property) => [property, [/^[\w\s#%.,()-]+$/]]),
);

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    "*": ["id", "class", "title", "lang", "dir", "style", "align"],
    a: ["href", "name", "target", "rel"],
    img: ["src", "alt", "width", "height"],
    ol: ["start", "type"],
    td: ["colspan", "rowspan"],
    th: ["colspan", "rowspan", "scope"],
    col: ["span"],
    time: ["datetime"],
    font: ["color", "size"],
  },
  allowedStyles: { "*": ALLOWED_STYLES },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https", "data"] },
  allowProtocolRelative: false,
  // What is dropped goes with its content where the content is code, not prose.
  nonTextTags: [
    "script",
    "style",
    "textarea",
    "option",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
  ],
  disallowedTagsMode: "discard",
};

/** `html` with only the allowlisted tags, attributes and URL schemes left (see the module comment). */
export function sanitize(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
