/** The characters markupsafe escapes, with its exact entities (numeric for the quotes). */
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

const SPECIAL = /[&<>"']/g;
const HAS_SPECIAL = /[&<>"']/;

/**
 * Escapes text for HTML element content and quoted attribute values, matching Python's
 * markupsafe (what Jinja autoescaping produces), so pages render byte-for-byte like Datasette's.
 *
 * @example
 * escapeHtml(`<a href="x">Tom & Jerry's</a>`);
 * // '&lt;a href=&#34;x&#34;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;'
 */
export function escapeHtml(s: string): string {
  const text = String(s);
  // Most strings need no escaping; skipping the replace avoids allocating a new string for them.
  if (!HAS_SPECIAL.test(text)) {
    return text;
  }
  return text.replace(SPECIAL, (ch) => ENTITIES[ch]);
}
