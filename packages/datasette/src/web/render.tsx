import type { Child } from 'hono/jsx';
import type { Datasette } from '../app.js';
import { ACTOR_COOKIE } from '../auth/actor-cookie.js';
import type { Actor, MenuLink } from '../types.js';
import { type Crumb, Layout } from './layout.js';
import type { DatasetteRequest } from './request.js';

/** What a page supplies to {@link renderPage}. */
export interface PageOptions {
  title: string;
  content: Child;
  status?: number;
  /** Breadcrumbs after "home"; "home" is added when the actor may view the instance. */
  crumbs?: Crumb[];
  headers?: Record<string, string>;
}

/**
 * Render a page inside the shared layout: collects menu links from the `menuLinks` hook, shows
 * and clears pending flash messages, and names the logged-in actor.
 */
export async function renderPage(
  ds: Datasette,
  request: DatasetteRequest | null,
  options: PageOptions,
): Promise<Response> {
  const actor = request?.actor ?? null;
  const menuLinks: MenuLink[] = [];
  for (const links of await ds.pm.callAll('menuLinks', { datasette: ds, actor, request })) {
    if (Array.isArray(links)) menuLinks.push(...links);
  }
  const crumbs: Crumb[] = [];
  if (await ds.allowed({ action: 'view-instance', actor }))
    crumbs.push({ href: ds.urls.instance(), label: 'home' });
  crumbs.push(...(options.crumbs ?? []));
  const messages = request ? request.messages.splice(0) : [];
  if (request && messages.length > 0) request.messagesShown = true;
  const page = (
    <Layout
      title={options.title}
      basePath={ds.urls.base}
      crumbs={crumbs}
      menuLinks={menuLinks}
      actorDisplay={actor ? displayActor(actor) : null}
      showLogout={Boolean(actor && request?.cookies[ACTOR_COOKIE])}
      messages={messages}
    >
      {options.content}
    </Layout>
  );
  const body = `<!DOCTYPE html>${await page.toString()}`;
  return new Response(body, {
    status: options.status ?? 200,
    headers: { 'content-type': 'text/html; charset=utf-8', ...options.headers },
  });
}

/**
 * How an actor is named on pages: `display`, `name`, `username`, `login`, then `id`.
 * @example displayActor({ id: 'root' }) // 'root'
 */
export function displayActor(actor: Actor): string {
  for (const key of ['display', 'name', 'username', 'login', 'id']) {
    const v = actor[key];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return JSON.stringify(actor);
}
