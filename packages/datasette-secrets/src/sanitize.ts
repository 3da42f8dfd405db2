/**
 * Secret descriptions may contain HTML (the README always said so; the Python plugin escaped it
 * anyway). They come from plugin code, not users, but a plugin may build one from data, so it
 * is sanitised: a few inline tags, links only to http(s)/mailto or relative URLs, no attributes
 * but `href`, nothing scriptable.
 */
import sanitizeHtml from 'sanitize-html';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['a', 'em', 'strong', 'code', 'b', 'i', 'p', 'br'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  // `//evil.example` would inherit the page's scheme and leave the site unannounced.
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Links open other sites; they should not learn where the user came from.
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow' },
    }),
  },
};

/**
 * Sanitise a secret's description to safe HTML. Apostrophes come out as `&#39;`, as
 * Python Datasette's Jinja escaping writes them, so pages read the same byte for byte.
 *
 * @example
 * sanitizeDescription('An <a href="javascript:alert(1)">x</a> <img onerror=alert(1)>key');
 * // 'An <a rel="noopener noreferrer nofollow">x</a> key'
 */
export function sanitizeDescription(description: string | undefined): string {
  if (!description) return '';
  // After sanitising, a `'` can only be in text or inside a double-quoted attribute value, and
  // `&#39;` means the same in both places.
  return sanitizeHtml(description, OPTIONS).replaceAll("'", '&#39;');
}

/**
 * Whether a URL may be used as a link target for "obtain a key" links: absolute http(s) only.
 *
 * @example
 * isHttpUrl('https://platform.openai.com/api-keys'); // true
 * isHttpUrl('javascript:alert(1)'); // false
 */
export function isHttpUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    const { protocol } = new URL(url);
    return (protocol === 'https:' || protocol === 'http:') && /^https?:\/\//i.test(url.trim());
  } catch {
    return false;
  }
}
