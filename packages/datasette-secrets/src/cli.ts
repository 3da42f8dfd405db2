/**
 * The `datasette secrets …` command group. Each subcommand is one small function in
 * {@link SECRETS_SUBCOMMANDS}, so `list`, `set`, `delete` and `rotate-key` can be added later
 * without touching the others.
 */
import type { Hooks } from 'datasette';
import { generateKey } from './crypto/index.js';

/** The commander program the host passes to `registerCommands` (typed without importing commander). */
type Program = Parameters<NonNullable<Hooks['registerCommands']>>[0]['program'];

/**
 * Where command output goes; tests swap it for a buffer.
 *
 * @example registerSecretsCommands({ program }, { out: (text) => (buffer += text) });
 */
export interface CommandIo {
  out: (text: string) => void;
}

const processIo: CommandIo = { out: (text) => process.stdout.write(text) };

/**
 * A new encryption key for the `encryption_key` setting: 44 characters of url-safe base64 (32
 * random bytes) ending in `=`, the format Python's `Fernet.generate_key()` produces.
 *
 * @example
 * const key = generateEncryptionKey(); // 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4='
 */
export function generateEncryptionKey(): string {
  return generateKey();
}

/** `datasette secrets generate-encryption-key`: print a new key and a newline, exit 0. */
function addGenerateKey(group: Program, io: CommandIo): void {
  group
    .command('generate-encryption-key')
    .description('Generate a new encryption key for encrypting and decrypting secrets')
    .action(() => {
      io.out(`${generateEncryptionKey()}\n`);
    });
}

/**
 * The subcommands of `datasette secrets`, in help order.
 *
 * @example SECRETS_SUBCOMMANDS.length; // 1
 */
export const SECRETS_SUBCOMMANDS: ReadonlyArray<(group: Program, io: CommandIo) => void> = [
  addGenerateKey,
];

/**
 * The `registerCommands` hook: adds the `secrets` group to the `datasette` program.
 *
 * @example
 * registerSecretsCommands({ program });
 * await program.parseAsync(['secrets', 'generate-encryption-key'], { from: 'user' });
 */
export function registerSecretsCommands(
  ctx: { program: Program },
  io: CommandIo = processIo,
): void {
  const group = ctx.program
    .command('secrets')
    .description('Commands for managing datasette-secrets');
  for (const add of SECRETS_SUBCOMMANDS) add(group, io);
}
