import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CliError } from './argv.js';

/**
 * The folder whose node_modules holds this host: `npm install` there makes a plugin visible to
 * it. Falls back to the nearest folder above the current one with a package.json.
 */
export function hostPrefix(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (path.basename(dir) === 'node_modules') return path.dirname(dir);
  }
  for (let dir = process.cwd(); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return realpathSync(dir);
  }
  return process.cwd();
}

function npm(args: string[]): void {
  const result = spawnSync('npm', args, { stdio: 'inherit', cwd: hostPrefix() });
  if (result.error) throw new CliError(`Could not run npm: ${result.error.message}`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** `datasette install PKG…` and `datasette uninstall PKG…`, through npm. */
export function addInstallCommands(program: Command): void {
  program
    .command('install')
    .description('Install npm packages (plugins) into the environment datasette runs from')
    .helpOption('--help', 'Show help')
    .argument('<packages...>', 'Packages to install')
    .option('-U, --upgrade', 'Upgrade packages to their latest version')
    .action((pkgs: string[], opts: { upgrade?: boolean }) => {
      npm([
        'install',
        ...pkgs.map((p) => (opts.upgrade && !p.slice(1).includes('@') ? `${p}@latest` : p)),
      ]);
    });
  program
    .command('uninstall')
    .description('Uninstall npm packages from the environment datasette runs from')
    .helpOption('--help', 'Show help')
    .argument('<packages...>', 'Packages to remove')
    .option('-y, --yes', 'Do not ask for confirmation (npm never asks)')
    .action((pkgs: string[]) => npm(['uninstall', ...pkgs]));
}
