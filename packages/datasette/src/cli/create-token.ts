import type { Command } from 'commander';
import { createSigner } from '../auth/signer.js';
import { createApiToken, type TokenRestrictions } from '../auth/tokens.js';
import { CliError } from './argv.js';

/** `datasette create-token ID --secret S [-e SECS] [-a ACTION] [-d DB ACTION] [-r DB TABLE ACTION]`. */
export function addCreateTokenCommand(
  program: Command,
  dbPairs: string[][],
  resourceTriples: string[][],
): void {
  program
    .command('create-token')
    .description('Create a signed API token for an actor id (use with Authorization: Bearer)')
    .helpOption('--help', 'Show help')
    .argument('<id>', 'The actor id the token acts as')
    .requiredOption(
      '--secret <secret>',
      'The signing secret the server uses (DATASETTE_SECRET)',
      process.env.DATASETTE_SECRET,
    )
    .option('-e, --expires-after <seconds>', 'Seconds until the token expires')
    .option(
      '-a, --all <action>',
      'Restrict to this action everywhere (repeatable)',
      (v, acc: string[]) => [...acc, v],
      [],
    )
    .option('-d, --database <DB ACTION>', 'Restrict to this action on one database (repeatable)')
    .option('-r, --resource <DB TABLE ACTION>', 'Restrict to this action on one table (repeatable)')
    .option('--debug', 'Print the decoded token too')
    .action(
      (
        id: string,
        opts: { secret: string; expiresAfter?: string; all: string[]; debug?: boolean },
      ) => {
        if (!opts.secret) throw new CliError('--secret is required (or set DATASETTE_SECRET)');
        let expiresAfter: number | undefined;
        if (opts.expiresAfter !== undefined) {
          expiresAfter = Number(opts.expiresAfter);
          if (!Number.isInteger(expiresAfter) || expiresAfter <= 0)
            throw new CliError('--expires-after must be a positive whole number of seconds');
        }
        const r: TokenRestrictions = {};
        if (opts.all.length) r.a = opts.all;
        for (const [db, action] of dbPairs) {
          r.d = r.d ?? {};
          r.d[db] = [...(r.d[db] ?? []), action];
        }
        for (const [db, table, action] of resourceTriples) {
          r.r = r.r ?? {};
          r.r[db] = r.r[db] ?? {};
          r.r[db][table] = [...(r.r[db][table] ?? []), action];
        }
        const signer = createSigner(opts.secret);
        const token = createApiToken(signer, id, {
          expiresAfter,
          restrictions: Object.keys(r).length ? r : undefined,
        });
        process.stdout.write(`${token}\n`);
        if (opts.debug)
          process.stdout.write(
            `${JSON.stringify(signer.unsign(token.slice(6), 'token'), null, 2)}\n`,
          );
      },
    );
}
