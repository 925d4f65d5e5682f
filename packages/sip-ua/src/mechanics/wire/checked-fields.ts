import { assertSafeHeaderValue, type HeaderField } from './headers.js';

/** Values kept per header name; past it the table starts again (distinct values only miss). */
const LIMIT = 512;

/**
 * Frozen, checked header fields of one name, shared by every request that carries the same value.
 * A MESSAGE's To, CSeq, Max-Forwards, User-Agent, Content-Type and Route repeat from send to send:
 * checking each value for control characters and freezing a new field for it on every send cost
 * more than the map lookup that finds the one made before. A field is frozen, so sharing it is safe.
 */
export class CheckedFields {
  private readonly byValue = new Map<string, HeaderField>();

  constructor(private readonly name: string) {}

  /** The field `name: value`; throws ERR_MSG_SIP_HEADER_INVALID for a value with a control character. */
  field(value: string): HeaderField {
    let field = this.byValue.get(value);
    if (field === undefined) {
      assertSafeHeaderValue(this.name, value);
      field = Object.freeze({ name: this.name, value });
      if (this.byValue.size >= LIMIT) this.byValue.clear();
      this.byValue.set(value, field);
    }
    return field;
  }

  /** Throws as field() does; for a value the caller prints with more of its own (a From before its tag). */
  check(value: string): void {
    this.field(value);
  }
}
