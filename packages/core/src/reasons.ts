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

/**
 * The other codes the router writes: a dry run's delivery report, and the reason of a technology's
 * FAILURE that names none. Not send reasons of the router's own, so not in `Reason`.
 */
export const RouterCode = {
  DryRun: 'DRY_RUN',
  Unspecified: 'UNSPECIFIED',
} as const;
