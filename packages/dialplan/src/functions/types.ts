/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import type { RunState } from '../run-state.js';

/** A dialplan function: `${NAME(args)}` reads, `Set(NAME(args)=value)` writes. `args` is substituted, unsplit. */
export interface DialplanFunction {
  read?(args: string, state: RunState): string;
  write?(args: string, value: string, state: RunState): void;
}
