#!/usr/bin/env node
import { main } from './main.js';
import { ignoreClosedPipes } from './pipes.js';

ignoreClosedPipes(process.stdout, process.stderr);
process.exitCode = await main(process.argv.slice(2));
