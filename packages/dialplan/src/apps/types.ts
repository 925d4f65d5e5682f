import type { RunState } from '../run-state.js';

/** A dialplan application: gets its data already `${}`-substituted. */
export type DialplanApp = (data: string, state: RunState) => void | Promise<void>;
