// @messagesend/gateway: `messagesend serve`, the long-running gateway (ARI, AMI, metrics).
// The package is being built; this entry point exports nothing yet.
export {};
