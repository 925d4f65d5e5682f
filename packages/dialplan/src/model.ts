import { compareExtensions, extensionMatches } from './pattern.js';

/** One priority of an extension: the application and its raw (unsubstituted) data. */
export interface Step {
  priority: number;
  label?: string;
  app: string;
  data: string;
  file: string;
  line: number;
}

export interface Extension {
  name: string;
  /** Priorities by number. */
  steps: Map<number, Step>;
  labels: Map<string, number>;
}

export interface Context {
  name: string;
  /** In Asterisk's order: exact names first, then patterns, the most specific first. */
  extensions: Extension[];
  includes: string[];
}

/** What pbx_find_extension finds: the step, and the extension and context it is in. */
export interface Found {
  context: Context;
  extension: Extension;
  step: Step;
}

/** Bound on `include =>` nesting, as Asterisk's AST_PBX_MAX_STACK. */
const MAX_INCLUDE_STACK = 128;

/** A loaded extensions.conf: contexts, globals, and look-ups with Asterisk's rules. */
export class Dialplan {
  readonly contexts = new Map<string, Context>();
  readonly globals = new Map<string, string>();

  /** Asterisk's has_destination for the dialplan: `exten` (or `s`) exists at priority 1 in `context`. */
  hasDestination(context: string | undefined, exten: string | undefined): boolean {
    if (!context) return false;
    return this.find(context, exten || 's', 1) !== undefined;
  }

  /** The step at `priority` (a number, or a label when a string) of `exten` in `context` or what it includes. */
  find(context: string, exten: string, priority: number | string): Found | undefined {
    return this.search(context, exten, priority, []);
  }

  private search(name: string, exten: string, priority: number | string, stack: string[]): Found | undefined {
    if (stack.length >= MAX_INCLUDE_STACK || stack.includes(name)) return undefined;
    const context = this.contexts.get(name);
    if (!context) return undefined;
    // Asterisk's default (old) search: the first extension in sort order that matches and has the priority.
    for (const extension of context.extensions) {
      if (!extensionMatches(extension.name, exten)) continue;
      const number = typeof priority === 'number' ? priority : extension.labels.get(priority);
      const step = number === undefined ? undefined : extension.steps.get(number);
      if (step) return { context, extension, step };
    }
    stack.push(name);
    for (const include of context.includes) {
      const found = this.search(include, exten, priority, stack);
      if (found) return found;
    }
    stack.pop();
    return undefined;
  }
}

/** Inserts an extension keeping Asterisk's order. */
export function addExtension(context: Context, extension: Extension): void {
  let at = context.extensions.length;
  while (at > 0 && compareExtensions(context.extensions[at - 1]!.name, extension.name) > 0) at--;
  context.extensions.splice(at, 0, extension);
}
