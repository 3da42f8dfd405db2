/** Development JSX runtime: the same renderer as `datasette/jsx-runtime`. */
export * from 'hono/jsx/jsx-dev-runtime';
