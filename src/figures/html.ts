/**
 * HTML escaping, the one copy: generated prose (`verdicts.ts`) and the platform's bundles and pages
 * all escape through it. It lives here, in the lowest layer that writes HTML, so both can import it.
 */

/**
 * Escapes text for use in HTML element content and in attribute values (quoted with `"` or `'`):
 * `&`, `<`, `>`, `"` and `'` become numeric character references.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
