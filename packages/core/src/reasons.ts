/**
 * Stable reason codes the router itself puts in `SendResult.reason`. Technologies add their own
 * (documented in docs/errors.md next to these).
 */
export const Reason = {
  EmptyDestination: 'EMPTY_DESTINATION',
  UnknownTech: 'UNKNOWN_TECH',
  DestinationUnparsable: 'DESTINATION_UNPARSABLE',
  InvalidMessage: 'INVALID_MESSAGE',
  TechThrew: 'TECH_THREW',
  TechTimeout: 'TECH_TIMEOUT',
  Aborted: 'ABORTED',
  RouterClosed: 'ROUTER_CLOSED',
  TechClosed: 'TECH_CLOSED',
  DeliveryRejected: 'DELIVERY_REJECTED',
  DeliveryTimeout: 'DELIVERY_TIMEOUT',
  DeliveryError: 'DELIVERY_ERROR',
} as const;

export type Reason = (typeof Reason)[keyof typeof Reason];
