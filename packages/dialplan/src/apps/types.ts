/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan text uses ${...} itself */
import type { RunState } from '../run-state.js';

/** A dialplan application: gets its data already `${}`-substituted. */
export type DialplanApp = (data: string, state: RunState) => void | Promise<void>;
