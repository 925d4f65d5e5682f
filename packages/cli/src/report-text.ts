import type { DeliveryReport } from '@messagesend/core';

/** "202 Accepted", "XMPP_ACK acknowledged by ...": the code once, then the detail. */
export function reportText(report: DeliveryReport): string {
  const code = report.code === undefined ? '' : String(report.code);
  const detail = report.detail ?? '';
  if (detail.startsWith(code)) return detail;
  return [code, detail].filter(Boolean).join(' ');
}
