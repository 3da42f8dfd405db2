/**
 * The JSX runtime plugins compile against (`"jsxImportSource": "datasette"`), so a plugin's pages
 * use the host's renderer without depending on it directly.
 */
export * from 'hono/jsx/jsx-runtime';
