import { ErrorCode, MsgError } from './errors.js';
import { type MessageTech, TECH_API_VERSION, TECH_NAME_PATTERN } from './tech.js';

/** Throws a coded MsgError unless `tech` is a registrable technology. */
export function assertRegistrable(tech: unknown): asserts tech is MessageTech<unknown> {
  if (typeof tech !== 'object' || tech === null) {
    throw new MsgError(ErrorCode.TechShape, 'a technology must be an object implementing MessageTech');
  }
  const t = tech as Partial<MessageTech<unknown>>;
  if (typeof t.name !== 'string' || !TECH_NAME_PATTERN.test(t.name)) {
    throw new MsgError(
      ErrorCode.TechName,
      `invalid technology name ${JSON.stringify(t.name)}: use lower case letters, digits, "+", ".", "_" or "-", starting with a letter`,
    );
  }
  if (t.apiVersion !== TECH_API_VERSION) {
    throw new MsgError(
      ErrorCode.TechApiVersion,
      `technology "${t.name}" implements API version ${String(t.apiVersion)}; this core supports ${TECH_API_VERSION}`,
    );
  }
  for (const method of ['parse', 'send'] as const) {
    if (typeof t[method] !== 'function') {
      throw new MsgError(ErrorCode.TechShape, `technology "${t.name}" has no ${method}() function`);
    }
  }
}
