#!/usr/bin/env node
// The `parley` command: runs the node from its TypeScript sources (tsx registers the loader).
import { register } from 'tsx/esm/api';

register();
await import('../supervisors/main.ts');
