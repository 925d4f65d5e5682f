// @messagesend/gateway: `messagesend serve`, the long-running gateway (ARI, AMI, metrics).
export * from './ami/index.js';
