// The pieces of n8n's own engine (n8n-core, n8n-workflow) that run a
// community package, set up as n8n's packages/core/nodes-testing does: the
// package loaded by PackageDirectoryLoader, a node-type registry over it, a
// credentials helper that hands out the test's credentials, and
// WorkflowExecute for whole workflows.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('n8n-core');
const workflow = require('n8n-workflow');

export { core, workflow };

// A start node as n8n's Manual Trigger is: no input, its items go on.
const manualTrigger = {
  description: {
    displayName: 'Manual Trigger', name: 'manualTrigger', group: ['trigger'], version: 1,
    description: 'Starts the workflow by hand', defaults: { name: 'Start' }, inputs: [], outputs: ['main'], properties: [],
  },
  async execute() { return [this.getInputData()]; },
};

export async function loadPackage(directory) {
  const loader = new core.PackageDirectoryLoader(directory);
  await loader.loadAll();
  const prefix = `${loader.packageName}.`;
  const nodeTypes = {
    getByName: (type) => lookup(type),
    getByNameAndVersion: (type, version) => workflow.NodeHelpers.getVersionedNodeType(lookup(type), version),
    getKnownTypes: () => loader.known.nodes,
  };
  function lookup(type) {
    if (type === 'harness.manualTrigger') return manualTrigger;
    const entry = type.startsWith(prefix) ? loader.nodeTypes[type.slice(prefix.length)] : undefined;
    if (!entry) throw new Error(`unknown node type ${type}`);
    return entry.type;
  }
  const credentialTypes = (name) => {
    const entry = loader.credentialTypes[name];
    if (!entry) throw new Error(`unknown credential type ${name}`);
    return entry.type;
  };
  return { loader, prefix, nodeTypes, credentialTypes };
}

// Hands each node the credentials the test set, authenticated by the credential type's own code.
export class CredentialsHelper extends workflow.ICredentialsHelper {
  constructor(engine, credentials) { super(); this.engine = engine; this.credentials = credentials; }
  getCredentialsProperties() { return []; }
  // As n8n checks it: the node type names the credential.
  isCredentialUsableByNode(credentialType, nodeType) {
    const declared = this.engine.nodeTypes.getByName(nodeType).description.credentials ?? [];
    return declared.some(({ name }) => name === credentialType);
  }
  async authenticate(credentials, typeName, requestOptions) {
    const type = this.engine.credentialTypes(typeName);
    return typeof type.authenticate === 'function' ? await type.authenticate(credentials, requestOptions) : requestOptions;
  }
  async preAuthentication() { return undefined; }
  async runPreAuthentication() { return undefined; }
  getParentTypes() { return []; }
  async getDecrypted(_additionalData, _nodeCredentials, type) { return this.credentials[type] ?? {}; }
  async getCredentials() { return new core.Credentials({ id: null, name: '' }, '', ''); }
  async updateCredentials() {}
  async updateCredentialsOauthTokenData() {}
}

export function additionalData(credentialsHelper, hooks) {
  return {
    executionId: '1', credentialsHelper, hooks, restApiUrl: 'http://localhost/rest',
    instanceBaseUrl: 'http://localhost', webhookBaseUrl: 'http://localhost/webhook',
    webhookWaitingBaseUrl: 'http://localhost/webhook-waiting', webhookTestBaseUrl: 'http://localhost/webhook-test',
    formWaitingBaseUrl: 'http://localhost/form-waiting', variables: {}, currentNodeParameters: undefined,
    setExecutionStatus() {}, sendDataToUI() {}, logAiEvent() {},
  };
}

// Runs a workflow with WorkflowExecute in manual mode from its first node (the start, given
// the items); the run's data.
export async function runWorkflow(engine, credentials, { nodes, connections }, items = [{ json: {} }]) {
  const instance = new workflow.Workflow({
    id: 'test', nodes, connections, nodeTypes: engine.nodeTypes, active: false, settings: { executionOrder: 'v1' },
  });
  const hooks = new core.ExecutionLifecycleHooks('manual', '1', { id: 'test', nodes, connections });
  let finish;
  const finished = new Promise((resolve) => { finish = resolve; });
  hooks.addHandler('workflowExecuteAfter', (run) => finish(run));
  const data = additionalData(new CredentialsHelper(engine, credentials), hooks);
  const execution = new core.WorkflowExecute(data, 'manual', {
    startData: {}, resultData: { runData: {} },
    executionData: {
      contextData: {}, metadata: {}, waitingExecution: {}, waitingExecutionSource: null,
      nodeExecutionStack: [{ node: instance.getNode(nodes[0].name), data: { main: [items] }, source: null }],
    },
  });
  await execution.processRunExecutionData(instance);
  return await finished;
}

// The node's loadOptions method, run by LoadOptionsContext as the editor runs it.
export async function loadOptions(engine, credentials, node, method) {
  const instance = new workflow.Workflow({ nodes: [node], connections: {}, nodeTypes: engine.nodeTypes, active: false });
  const data = additionalData(new CredentialsHelper(engine, credentials));
  const context = new core.LoadOptionsContext(instance, node, data, '');
  return await engine.nodeTypes.getByName(node.type).methods.loadOptions[method].call(context);
}

// The node's listSearch method (a resource locator's list), run by LoadOptionsContext as the editor runs it.
export async function listSearch(engine, credentials, node, method, filter, paginationToken) {
  const instance = new workflow.Workflow({ nodes: [node], connections: {}, nodeTypes: engine.nodeTypes, active: false });
  const data = additionalData(new CredentialsHelper(engine, credentials));
  const context = new core.LoadOptionsContext(instance, node, data, '');
  return await engine.nodeTypes.getByName(node.type).methods.listSearch[method].call(context, filter, paginationToken);
}

// A credential's declared test, run as n8n's credentials tester runs it:
// its request through RoutingNode, authenticated by the credential type.
export async function testCredential(engine, credentialType, data, nodeType) {
  const type = engine.credentialTypes(credentialType);
  const node = {
    id: 'temp', name: 'Temp-Node', type: nodeType, typeVersion: 1, position: [0, 0], parameters: {},
    credentials: { [credentialType]: { id: 'test', name: 'test' } },
  };
  const tester = {
    description: {
      ...engine.nodeTypes.getByName(nodeType).description,
      credentials: [{ name: credentialType, required: true }],
      properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: type.test.request }, default: '' }],
    },
  };
  // As the tester does, the workflow knows the node type as the one holding the test request.
  const testerTypes = { getByName: () => tester, getByNameAndVersion: () => tester, getKnownTypes: () => ({}) };
  const instance = new workflow.Workflow({ nodes: [node], connections: {}, nodeTypes: testerTypes, active: false });
  const helper = new CredentialsHelper(engine, { [credentialType]: data });
  const context = new core.ExecuteContext(instance, node, additionalData(helper), 'internal', { resultData: { runData: {} } },
    0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
  try {
    const items = await new core.RoutingNode(context, tester, { id: 'test', name: 'test', type: credentialType, data }).runNode();
    return { status: 'OK', json: items[0][0].json };
  } catch (error) {
    return { status: 'Error', message: error.message, httpCode: error.httpCode };
  }
}

// A workflow of one webhook trigger node, as n8n runs it while the workflow
// is active: activate() and deactivate() run the node's webhook lifecycle
// (checkExists, create, delete) through HookContext, receive() one delivery
// through WebhookContext and webhook(); the workflow's static data lasts
// between them, as n8n keeps it.
export function webhookTrigger(engine, credentials, node, webhookBaseUrl) {
  const type = engine.nodeTypes.getByName(node.type);
  const instance = new workflow.Workflow({
    id: 'trigger', nodes: [node], connections: {}, nodeTypes: engine.nodeTypes, active: true, staticData: {},
  });
  const data = { ...additionalData(new CredentialsHelper(engine, credentials)), webhookBaseUrl };
  const webhookData = {
    httpMethod: 'POST', node: node.name, path: 'webhook', webhookDescription: type.description.webhooks[0],
    workflowId: instance.id, workflowExecuteAdditionalData: data, isTest: false,
  };
  const lifecycle = (method, activation) => type.webhookMethods.default[method].call(
    new core.HookContext(instance, node, data, 'trigger', activation, webhookData));
  return {
    url: () => workflow.NodeHelpers.getNodeWebhookUrl(webhookBaseUrl, instance.id, node, 'webhook', false),
    exists: () => lifecycle('checkExists', 'activate'),
    async activate() { if (!await lifecycle('checkExists', 'activate')) await lifecycle('create', 'activate'); },
    deactivate: () => lifecycle('delete', 'activate'),
    // The node's answer to one request: { headers, body, rawBody } in, its workflowData (or none) out.
    receive(request, response) {
      const context = new core.WebhookContext(instance, node, { ...data, httpRequest: request, httpResponse: response },
        'trigger', webhookData, [], null);
      return type.webhook.call(context);
    },
  };
}
