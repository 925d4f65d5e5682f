/** One MESSAGE_DATA variable: Asterisk keeps a send ("outbound") flag per variable. */
export interface MessageVar {
  name: string;
  value: string;
  outbound: boolean;
}

/**
 * The message a run works on, with main/message.c's variable rules: names compared without case
 * (the first spelling kept), insertion order kept, an empty value deletes, a received variable is
 * not outbound until written again.
 */
export class RunMessage {
  readonly vars: MessageVar[] = [];

  constructor(
    public body: string,
    public from: string,
    public to: string,
  ) {}

  get(name: string): string | undefined {
    return this.find(name)?.value;
  }

  set(name: string, value: string, outbound: boolean): void {
    const index = this.vars.findIndex((v) => v.name.toLowerCase() === name.toLowerCase());
    if (value === '') {
      if (index >= 0) this.vars.splice(index, 1);
      return;
    }
    if (index >= 0) {
      const existing = this.vars[index]!;
      existing.value = value;
      existing.outbound = outbound;
    } else this.vars.push({ name, value, outbound });
  }

  markAll(outbound: boolean): void {
    for (const v of this.vars) v.outbound = outbound;
  }

  /** The variables MessageSend sends: only the outbound ones, in order. */
  outboundData(): Record<string, string> {
    const data: Record<string, string> = {};
    for (const v of this.vars) if (v.outbound) data[v.name] = v.value;
    return data;
  }

  private find(name: string): MessageVar | undefined {
    const wanted = name.toLowerCase();
    return this.vars.find((v) => v.name.toLowerCase() === wanted);
  }
}
