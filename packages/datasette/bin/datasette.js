#!/usr/bin/env -S node --optimize-for-size
// Entry point of the `datasette` command; the compiled CLI lives in dist/.
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2));
