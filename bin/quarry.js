#!/usr/bin/env node
// The `quarry` command: runs the TypeScript CLI through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src-main/cli/main.ts', import.meta.url).href);
