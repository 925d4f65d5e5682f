/** The four values of Asterisk's MESSAGE_SEND_STATUS. */
export const SendStatus = {
  Success: 'SUCCESS',
  Failure: 'FAILURE',
  InvalidProtocol: 'INVALID_PROTOCOL',
  InvalidUri: 'INVALID_URI',
} as const;

export type SendStatus = (typeof SendStatus)[keyof typeof SendStatus];
