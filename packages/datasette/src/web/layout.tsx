import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { FlashMessage, MenuLink } from '../types.js';
import { escapeHtml } from '../util/escape.js';

/** A breadcrumb: label and link. */
export interface Crumb {
  href: string;
  label: string;
}

/** Everything the shared layout needs; `renderPage` fills it in. */
export interface LayoutProps {
  title: string;
  basePath: string;
  crumbs: Crumb[];
  menuLinks: MenuLink[];
  actorDisplay: string | null;
  showLogout: boolean;
  messages: FlashMessage[];
  children?: Child;
}

/**
 * `<head>` and `<svg>` are written as strings: as JSX elements they make hono/jsx set up a
 * namespace context (AsyncLocalStorage) on every render, which tripled the layout's render time.
 */
const MENU_ICON = raw(
  '<svg aria-labelledby="nav-menu-svg-title" role="img" width="24" height="24" viewBox="0 0 24 24"><title id="nav-menu-svg-title">Menu</title><path d="M3 6h18M3 12h18M3 18h18" stroke="currentColor" stroke-width="2"></path></svg>',
);

const MESSAGE_CLASS = { 1: 'message-info', 2: 'message-warning', 3: 'message-error' } as const;

/**
 * The page frame every HTML page is rendered in: title, breadcrumbs, the navigation menu (fed by
 * `menuLinks`), who is logged in, flash messages, content. The menu is a `<details>` element, so
 * it works without JavaScript.
 */
export function Layout(props: LayoutProps) {
  const p = props.basePath;
  return (
    <html lang="en">
      {raw(
        `<head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>${escapeHtml(props.title)}</title><link rel="stylesheet" href="${escapeHtml(p)}-/static/app.css"/></head>`,
      )}
      <body>
        <header class="hd">
          <nav>
            <p class="crumbs">
              {props.crumbs.map((c, i) => (
                <>
                  {i > 0 ? ' / ' : ''}
                  <a href={c.href}>{c.label}</a>
                </>
              ))}
            </p>
            <Menu {...props} />
          </nav>
          {props.actorDisplay !== null ? (
            <div class="actor">
              <strong>{props.actorDisplay}</strong>
            </div>
          ) : null}
        </header>
        {props.messages.map((m) => (
          <p class={MESSAGE_CLASS[m.level] ?? 'message-info'}>{m.text}</p>
        ))}
        <main class="content">{props.children}</main>
        <footer class="ft">
          Powered by <a href={`${p}-/versions`}>Datasette (TypeScript)</a>
        </footer>
      </body>
    </html>
  );
}

function Menu(props: LayoutProps) {
  if (props.menuLinks.length === 0 && !props.showLogout) return null;
  return (
    <details class="nav-menu details-menu">
      <summary>{MENU_ICON}</summary>
      <div class="nav-menu-inner">
        {props.menuLinks.length > 0 ? (
          <ul>
            {props.menuLinks.map((link) => (
              <li>
                <a href={link.href}>{link.label}</a>
              </li>
            ))}
          </ul>
        ) : null}
        {props.showLogout ? (
          <form class="nav-menu-logout" action={`${props.basePath}-/logout`} method="post">
            <button type="submit">Log out</button>
          </form>
        ) : null}
      </div>
    </details>
  );
}
