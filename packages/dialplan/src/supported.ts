import { APPS } from './apps/registry.js';
import { FUNCTIONS } from './functions/registry.js';

export const SUPPORTED_APPS: readonly string[] = [...APPS.keys()];
export const SUPPORTED_FUNCTIONS: readonly string[] = [...FUNCTIONS.keys()];
