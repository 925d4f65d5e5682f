import { assertRegistrable } from '../assert-registrable.js';
import { ErrorCode, MsgError } from '../errors.js';
import type { AnyMessageTech, MessageTech, TechHost } from '../tech.js';

/** The router's registered technologies, by lower-case name. */
export interface TechTable {
  register(tech: AnyMessageTech): () => void;
  unregister(name: string): boolean;
  get(name: string): MessageTech<unknown> | undefined;
  names(): string[];
  all(): MessageTech<unknown>[];
}

/**
 * Registration: a technology must pass `assertRegistrable`, its name must be free and the router
 * open; it is then attached to the host `hostFor(name)` gives.
 */
export function createTechTable(hostFor: (name: string) => TechHost, isClosing: () => boolean): TechTable {
  const techs = new Map<string, MessageTech<unknown>>();
  return {
    register(tech) {
      if (isClosing()) throw new MsgError(ErrorCode.RouterClosed, 'cannot register on a closed router');
      assertRegistrable(tech);
      if (techs.has(tech.name)) {
        throw new MsgError(
          ErrorCode.TechDuplicate,
          `a technology named "${tech.name}" is already registered`,
        );
      }
      techs.set(tech.name, tech);
      tech.attach?.(hostFor(tech.name));
      return () => {
        if (techs.get(tech.name) === tech) techs.delete(tech.name);
      };
    },
    unregister: (name) => techs.delete(String(name).toLowerCase()),
    get: (name) => techs.get(String(name).toLowerCase()),
    names: () => [...techs.keys()],
    all: () => [...techs.values()],
  };
}
