import type { Outcome, SendResult } from '@messagesend/core';
import { AriErrorCode } from '../errors.js';
import type { GatewayRedis } from '../front-ends/redis.js';
import { type AriContext, ariTimestamp } from './context.js';
import type { DeliveryRecord } from './deliveries.js';

export type SendAnswer =
  | { status: 202; messageId: string }
  | { status: 400 | 404 | 503; message: string; code: string; reason?: string };

const NOT_STRINGS = {
  ok: false,
  reason: AriErrorCode.BadRequest,
  detail: "Only string values in the 'variables' object allowed",
} as const;

/** `{"variables": {...}}` as res_ari's json_to_ast_variables reads it: every value a string. */
export function readVariables(
  body: unknown,
): Outcome<{ data?: Record<string, string> }, typeof AriErrorCode.BadRequest> {
  if (body === undefined || body === null) return { ok: true };
  if (typeof body !== 'object' || Array.isArray(body)) return NOT_STRINGS;
  const variables = (body as { variables?: unknown }).variables;
  if (variables === undefined || variables === null) return { ok: true };
  if (typeof variables !== 'object' || Array.isArray(variables)) return NOT_STRINGS;
  const data: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value !== 'string') return NOT_STRINGS;
    data[name] = value;
  }
  return { ok: true, data };
}

/** `pjsip:alice@host` -> tech `pjsip`, resource `alice` (the endpoint a delivery event is about). */
function endpointOfDestination(destination: string): { tech: string; resource: string } {
  const colon = destination.indexOf(':');
  const tech = colon < 0 ? destination : destination.slice(0, colon);
  const rest = colon < 0 ? '' : destination.slice(colon + 1);
  return { tech: tech.toLowerCase(), resource: rest.split(/[/@]/)[0] ?? '' };
}

/**
 * ast_ari_endpoints_send_message: the message's To and From are the arguments, the variables its
 * MESSAGE_DATA; a send the technology does not take is 404 "Endpoint not found", as in Asterisk.
 */
export async function sendMessage(
  context: AriContext,
  to: string,
  from: string | undefined,
  body: string | undefined,
  data: Record<string, string> | undefined,
): Promise<SendAnswer> {
  if (context.closing()) return { status: 503, message: 'Shutting down', code: AriErrorCode.ShuttingDown };
  if (context.redis) return sendThroughQueue(context, context.redis, to, from, body, data);
  const started = performance.now();
  const result: SendResult = await context.track(
    context.router.send(
      to,
      { body: body ?? '', to, ...(from ? { from } : {}), ...(data ? { data } : {}) },
      from ? { from } : {},
    ),
  );
  const tech = result.tech ?? endpointOfDestination(to).tech;
  context.metrics.sends.inc({ tech, status: result.status });
  context.metrics.sendSeconds.observe({ tech }, (performance.now() - started) / 1000);
  if (result.status !== 'SUCCESS') {
    context.logger.info({ tech, status: result.status, reason: result.reason }, 'ARI sendMessage refused');
    return {
      status: 404,
      message: 'Endpoint not found',
      code: AriErrorCode.SendFailed,
      ...(result.reason ? { reason: result.reason } : {}),
    };
  }
  const messageId = context.deliveries.track(to, context.track(result.delivery), (record) => {
    context.metrics.deliveries.inc({ tech, outcome: record.outcome });
    emitDelivery(context, tech, to, record);
  });
  return { status: 202, messageId };
}

/** With Redis: the queue's id is the message id, the worker of any gateway sends it (docs/redis.md). */
async function sendThroughQueue(
  context: AriContext,
  redis: GatewayRedis,
  to: string,
  from: string | undefined,
  body: string | undefined,
  data: Record<string, string> | undefined,
): Promise<SendAnswer> {
  const queued = await context.track(
    redis.enqueue(
      context.router,
      to,
      { body: body ?? '', to, ...(from ? { from } : {}), ...(data ? { data } : {}) },
      from ? { from } : {},
    ),
  );
  if (queued.ok) return { status: 202, messageId: queued.id };
  context.logger.info({ reason: queued.reason, detail: queued.detail }, 'ARI sendMessage not queued');
  if (queued.status === 404)
    return {
      status: 404,
      message: 'Endpoint not found',
      code: AriErrorCode.SendFailed,
      reason: queued.reason,
    };
  return {
    status: queued.status,
    message: queued.detail,
    code: AriErrorCode.QueueRefused,
    reason: queued.reason,
  };
}

/** The extension event: sent to the applications subscribed to the destination's endpoint. */
function emitDelivery(context: AriContext, tech: string, destination: string, record: DeliveryRecord): void {
  const endpoint = context.catalog.forInbound(tech, endpointOfDestination(destination).resource);
  for (const name of context.applications.subscribedTo(endpoint))
    context.applications.emit(name, {
      type: 'MessageDeliveryReport',
      timestamp: ariTimestamp(),
      endpoint,
      delivery: record,
    });
}
