/**
 * Swagger 1.2 documents for the ARI subset we serve, written by us (Asterisk's are generated from
 * its rest-api/*.json): enough for swagger-driven clients such as the npm `ari-client` to build
 * their operations. Every event type we send has a model in events.json: ari-client looks each
 * received event's type up there and fails on an unknown one.
 */

/** The ARI version we answer as (Asterisk 20's ARI). */
export const ARI_API_VERSION = '9.0.0';

type Param = Record<string, unknown>;

const query = (name: string, required: boolean, description: string, allowMultiple = false): Param => ({
  name,
  description,
  paramType: 'query',
  required,
  allowMultiple,
  dataType: 'string',
});
const path = (name: string, description: string): Param => ({
  name,
  description,
  paramType: 'path',
  required: true,
  allowMultiple: false,
  dataType: 'string',
});
const variablesBody: Param = {
  name: 'variables',
  description:
    'The "variables" key in the body object holds technology specific key/value pairs to append to the message (custom headers).',
  paramType: 'body',
  required: false,
  allowMultiple: false,
  dataType: 'containers',
};
const errors = (...pairs: [number, string][]) => pairs.map(([code, reason]) => ({ code, reason }));

interface Operation {
  httpMethod: string;
  summary: string;
  nickname: string;
  responseClass: string;
  parameters?: Param[];
  errorResponses?: { code: number; reason: string }[];
  upgrade?: string;
  websocketProtocol?: string;
}

const prop = (type: string, required = true, description?: string) => ({
  type,
  required,
  ...(description ? { description } : {}),
});

const ENDPOINT_MODEL = {
  id: 'Endpoint',
  description: 'An external device that may offer/accept calls to/from Asterisk.',
  properties: {
    technology: prop('string'),
    resource: prop('string'),
    state: prop('string', false),
    channel_ids: prop('List[string]'),
  },
};
const TEXT_MESSAGE_MODELS = {
  TextMessage: {
    id: 'TextMessage',
    properties: {
      from: prop('string'),
      to: prop('string'),
      body: prop('string'),
      variables: prop('object', false),
    },
  },
};
const DELIVERY_MODEL = {
  id: 'MessageDelivery',
  description: 'messagesend extension: what finally happened to a sent message.',
  properties: {
    message_id: prop('string'),
    destination: prop('string'),
    outcome: prop('string', true, 'pending, delivered, rejected, timeout, error or not-sent'),
    code: prop('string', false),
    detail: prop('string', false),
    elapsed_ms: prop('long', false),
  },
};

function resource(
  name: string,
  basePath: string,
  apis: { path: string; description: string; operations: Operation[] }[],
  models: Record<string, unknown>,
) {
  return {
    _copyright: 'Written for messagesend; shaped as Asterisk ARI documents.',
    apiVersion: ARI_API_VERSION,
    swaggerVersion: '1.2',
    basePath,
    resourcePath: `/api-docs/${name}.{format}`,
    apis,
    models,
  };
}

const endpoints = (basePath: string) =>
  resource(
    'endpoints',
    basePath,
    [
      {
        path: '/endpoints',
        description: 'Asterisk endpoints',
        operations: [
          {
            httpMethod: 'GET',
            summary: 'List all endpoints.',
            nickname: 'list',
            responseClass: 'List[Endpoint]',
          },
        ],
      },
      {
        path: '/endpoints/sendMessage',
        description: 'Send a message to some technology URI or endpoint.',
        operations: [
          {
            httpMethod: 'PUT',
            summary: 'Send a message to some technology URI or endpoint.',
            nickname: 'sendMessage',
            responseClass: 'void',
            parameters: [
              query('to', true, 'The endpoint resource or technology specific URI to send the message to.'),
              query(
                'from',
                true,
                'The endpoint resource or technology specific identity to send this message from.',
              ),
              query('body', false, 'The body of the message'),
              variablesBody,
            ],
            errorResponses: errors(
              [400, 'Invalid parameters for sending a message.'],
              [404, 'Endpoint not found'],
            ),
          },
        ],
      },
      {
        path: '/endpoints/{tech}',
        description: 'Asterisk endpoints',
        operations: [
          {
            httpMethod: 'GET',
            summary: 'List available endoints for a given endpoint technology.',
            nickname: 'listByTech',
            responseClass: 'List[Endpoint]',
            parameters: [path('tech', 'Technology of the endpoints (PJSIP,SIP)')],
            errorResponses: errors([404, 'Endpoints not found']),
          },
        ],
      },
      {
        path: '/endpoints/{tech}/{resource}',
        description: 'Single endpoint',
        operations: [
          {
            httpMethod: 'GET',
            summary: 'Details for an endpoint.',
            nickname: 'get',
            responseClass: 'Endpoint',
            parameters: [path('tech', 'Technology of the endpoint'), path('resource', 'ID of the endpoint')],
            errorResponses: errors(
              [400, 'Invalid parameters for sending a message.'],
              [404, 'Endpoints not found'],
            ),
          },
        ],
      },
      {
        path: '/endpoints/{tech}/{resource}/sendMessage',
        description: 'Send a message to some endpoint in a technology.',
        operations: [
          {
            httpMethod: 'PUT',
            summary: 'Send a message to some endpoint in a technology.',
            nickname: 'sendMessageToEndpoint',
            responseClass: 'void',
            parameters: [
              path('tech', 'Technology of the endpoint'),
              path('resource', 'ID of the endpoint'),
              query(
                'from',
                true,
                'The endpoint resource or technology specific identity to send this message from.',
              ),
              query('body', false, 'The body of the message'),
              variablesBody,
            ],
            errorResponses: errors(
              [400, 'Invalid parameters for sending a message.'],
              [404, 'Endpoint not found'],
            ),
          },
        ],
      },
    ],
    { Endpoint: ENDPOINT_MODEL, ...TEXT_MESSAGE_MODELS },
  );

const applicationModel = {
  id: 'Application',
  properties: {
    name: prop('string'),
    channel_ids: prop('List[string]'),
    bridge_ids: prop('List[string]'),
    endpoint_ids: prop('List[string]'),
    device_names: prop('List[string]'),
    events_allowed: prop('List[object]'),
    events_disallowed: prop('List[object]'),
  },
};

const applications = (basePath: string) =>
  resource(
    'applications',
    basePath,
    [
      {
        path: '/applications',
        description: 'Stasis applications',
        operations: [
          {
            httpMethod: 'GET',
            summary: 'List all applications.',
            nickname: 'list',
            responseClass: 'List[Application]',
          },
        ],
      },
      {
        path: '/applications/{applicationName}',
        description: 'Stasis application',
        operations: [
          {
            httpMethod: 'GET',
            summary: 'Get details of an application.',
            nickname: 'get',
            responseClass: 'Application',
            parameters: [path('applicationName', "Application's name")],
            errorResponses: errors([404, 'Application does not exist.']),
          },
        ],
      },
      {
        path: '/applications/{applicationName}/subscription',
        description: 'Stasis application',
        operations: ['POST', 'DELETE'].map((httpMethod) => ({
          httpMethod,
          summary:
            httpMethod === 'POST'
              ? 'Subscribe an application to a event source.'
              : 'Unsubscribe an application from an event source.',
          nickname: httpMethod === 'POST' ? 'subscribe' : 'unsubscribe',
          responseClass: 'Application',
          parameters: [
            path('applicationName', "Application's name"),
            query('eventSource', true, 'URI for event source (endpoint:{tech}[/{resource}])', true),
          ],
          errorResponses: errors(
            [400, 'Missing parameter; event source scheme not recognized.'],
            [404, 'Application does not exist.'],
            ...(httpMethod === 'DELETE'
              ? ([[409, 'Application not subscribed to event source.']] as [number, string][])
              : []),
            [422, 'Event source does not exist.'],
          ),
        })),
      },
    ],
    { Application: applicationModel },
  );

const asterisk = (basePath: string) =>
  resource(
    'asterisk',
    basePath,
    [
      {
        path: '/asterisk/info',
        description: 'Asterisk system information (similar to core show settings)',
        operations: [
          {
            httpMethod: 'GET',
            summary: 'Gets Asterisk system information.',
            nickname: 'getInfo',
            responseClass: 'AsteriskInfo',
            parameters: [
              query('only', false, 'Filter information returned (build, system, config, status)', true),
            ],
          },
        ],
      },
    ],
    {
      AsteriskInfo: {
        id: 'AsteriskInfo',
        properties: {
          build: prop('BuildInfo', false),
          system: prop('SystemInfo', false),
          config: prop('ConfigInfo', false),
          status: prop('StatusInfo', false),
        },
      },
    },
  );

const eventBase = {
  type: prop('string', true, 'Indicates the type of this message.'),
  asterisk_id: prop('string', false),
  application: prop('string', true, 'Name of the application receiving the event.'),
  timestamp: prop('Date', true),
};

const events = (basePath: string) =>
  resource(
    'events',
    basePath,
    [
      {
        path: '/events',
        description: 'Events from Asterisk to applications',
        operations: [
          {
            httpMethod: 'GET',
            upgrade: 'websocket',
            websocketProtocol: 'ari',
            summary: 'WebSocket connection for events.',
            nickname: 'eventWebsocket',
            responseClass: 'Message',
            parameters: [
              query('app', true, 'Applications to subscribe to.', true),
              { ...query('subscribeAll', false, 'Subscribe to all Asterisk events.'), dataType: 'boolean' },
            ],
          },
        ],
      },
    ],
    {
      Message: { id: 'Message', properties: { type: prop('string'), asterisk_id: prop('string', false) } },
      Event: { id: 'Event', properties: eventBase },
      TextMessageReceived: {
        id: 'TextMessageReceived',
        description: 'A text message was received from an endpoint.',
        properties: { ...eventBase, message: prop('TextMessage'), endpoint: prop('Endpoint', false) },
      },
      MessageDeliveryReport: {
        id: 'MessageDeliveryReport',
        description: 'messagesend extension: the delivery report of a message sent through ARI.',
        properties: { ...eventBase, delivery: prop('MessageDelivery'), endpoint: prop('Endpoint', false) },
      },
      ApplicationReplaced: { id: 'ApplicationReplaced', properties: eventBase },
      ...TEXT_MESSAGE_MODELS,
      Endpoint: ENDPOINT_MODEL,
      MessageDelivery: DELIVERY_MODEL,
    },
  );

const deliveries = (basePath: string) =>
  resource(
    'deliveries',
    basePath,
    [
      {
        path: '/messagesend/deliveries/{messageId}',
        description: 'messagesend extension: delivery reports of sent messages',
        operations: [
          {
            httpMethod: 'GET',
            summary: 'The delivery report of a message sent with sendMessage (its X-Message-Id).',
            nickname: 'get',
            responseClass: 'MessageDelivery',
            parameters: [path('messageId', 'The X-Message-Id of the 202 answer')],
            errorResponses: errors([404, 'Unknown or expired message id']),
          },
        ],
      },
    ],
    { MessageDelivery: DELIVERY_MODEL },
  );

/** Each served resource's document, by name (`/api-docs/{name}.json`). */
export const API_DOCS: Record<string, (basePath: string) => unknown> = {
  asterisk,
  endpoints,
  applications,
  events,
  deliveries,
};

const DESCRIPTIONS: Record<string, string> = {
  asterisk: 'Asterisk resources',
  endpoints: 'Endpoint resources',
  applications: 'Stasis application resources',
  events: 'WebSocket resource',
  deliveries: 'messagesend extension: delivery reports',
};

/** `/api-docs/resources.json`: the listing clients start from. */
export function resourceListing(basePath: string) {
  return {
    _copyright: 'Written for messagesend; shaped as Asterisk ARI documents.',
    apiVersion: ARI_API_VERSION,
    swaggerVersion: '1.1',
    basePath,
    apis: Object.keys(API_DOCS).map((name) => ({
      path: `/api-docs/${name}.{format}`,
      description: DESCRIPTIONS[name],
    })),
  };
}
