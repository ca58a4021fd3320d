// The contexts Activepieces hands a webhook trigger, typed by the framework's own
// declarations: check.mjs copies this file beside the generated piece, so that 'tsc --strict'
// holds each context to the type onEnable, onDisable and run are declared with.
import { TriggerStrategy } from '@activepieces/pieces-framework';
import type { InputPropertyMap, Store, TestOrRunHookContext } from '@activepieces/pieces-framework';
import { AppConnectionType } from '@activepieces/shared';
import type { TriggerPayload } from '@activepieces/shared';
import { actionnodeAuth, piece } from './index';

export type WebhookContext = TestOrRunHookContext<typeof actionnodeAuth, InputPropertyMap, TriggerStrategy.WEBHOOK>;
export type ConnectionProps = WebhookContext['auth']['props'];

// The flow's store, kept in memory as long as the flow is enabled.
export function memoryStore(): Store {
  const values = new Map<string, unknown>();
  return {
    async put<T>(key: string, value: T): Promise<T> {
      values.set(key, value);
      return value;
    },
    async get<T>(key: string): Promise<T | null> {
      return values.has(key) ? (values.get(key) as T) : null;
    },
    async delete(key: string): Promise<void> {
      values.delete(key);
    },
  };
}

// What onEnable, onDisable and run get for a flow whose webhook URL is webhookUrl.
export function webhookContext(props: ConnectionProps, propsValue: WebhookContext['propsValue'], webhookUrl: string,
  store: Store, payload: TriggerPayload = { body: {}, headers: {}, queryParams: {} }): WebhookContext {
  return {
    auth: { type: AppConnectionType.CUSTOM_AUTH, props },
    propsValue,
    store,
    webhookUrl,
    payload,
    server: { apiUrl: 'http://127.0.0.1:1/api/', publicUrl: 'http://127.0.0.1:1/', token: 'engine-token' },
    flows: {
      list: async () => ({ data: [], next: null, previous: null }),
      current: { id: 'flow', version: { id: 'flow-version' } },
    },
    step: { name: 'trigger' },
    project: { id: 'project', externalId: async () => undefined },
    connections: { get: async () => null },
    files: { write: async () => 'file' },
  };
}

// The hooks of the piece's trigger name, each taking the context the framework declares for it.
export function webhookTrigger(name: string) {
  const trigger = piece.getTrigger(name);
  if (!trigger || trigger.type !== TriggerStrategy.WEBHOOK) throw new Error(`the piece has no webhook trigger "${name}"`);
  return {
    onEnable: (context: WebhookContext) => trigger.onEnable(context),
    onDisable: (context: WebhookContext) => trigger.onDisable(context),
    run: (context: WebhookContext) => trigger.run(context),
  };
}
