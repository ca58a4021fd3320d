import { createHmac, timingSafeEqual } from 'crypto';
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { callHost, hostError } from './ActionnodeHost';

// Oldest (or most future) delivery accepted, in seconds, as Standard Webhooks advise.
const TOLERANCE_SECONDS = 300;

// The subscription this workflow holds on the host, kept in the node's static data.
function subscriptionPath(context/*TS:: IHookFunctions*/)/*TS:: string*/ {
	const trigger = encodeURIComponent(context.getNodeParameter('event')/*TS: as string*/);
	return `/v1/triggers/${trigger}/subscriptions`;
}

// Whether headers and raw body are a delivery signed with secret (whsec_<base64>).
function verifySignature(secret/*TS:: string*/, headers/*TS:: IDataObject*/, rawBody/*TS:: string*/)/*TS:: boolean*/ {
	const id = String(headers['webhook-id'] ?? '');
	const timestamp = Number(headers['webhook-timestamp']);
	if (!id || !Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > TOLERANCE_SECONDS)
		return false;
	const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
	const expected = createHmac('sha256', key).update(`${id}.${headers['webhook-timestamp']}.${rawBody}`).digest();
	return String(headers['webhook-signature'] ?? '')
		.split(' ')
		.some((signature) => {
			const [version, value] = signature.split(',');
			const given = Buffer.from(value ?? '', 'base64');
			return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
		});
}

export class @CLASS@ /*TS:implements INodeType */{
	description/*TS:: INodeTypeDescription*/ = {
		displayName: @DISPLAY_NAME@,
		name: @NAME@,
		icon: @ICON@,
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: @DESCRIPTION@,
		defaults: {
			name: @DISPLAY_NAME@,
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: @CREDENTIAL_NAME@,
				required: true,
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: @PROPERTIES@,
	};

	webhookMethods = {
		default: {
			async checkExists(/*TS:this: IHookFunctions*/)/*TS:: Promise<boolean>*/ {
				const data = this.getWorkflowStaticData('node');
				if (!data.subscription) return false;
				const answer = await callHost(this, 'GET', subscriptionPath(this));
				if (answer.statusCode !== 200) throw hostError(this, answer);
				const subscriptions = Array.isArray(answer.body.subscriptions) ? answer.body.subscriptions : [];
				return subscriptions.some(
					(subscription/*TS:: IDataObject*/) =>
						subscription.subscription === data.subscription &&
						subscription.target_url === this.getNodeWebhookUrl('default'),
				);
			},
			async create(/*TS:this: IHookFunctions*/)/*TS:: Promise<boolean>*/ {
				const answer = await callHost(this, 'POST', subscriptionPath(this), {
					target_url: this.getNodeWebhookUrl('default'),
					filters: this.getNodeParameter('filters', {}),
				});
				if (answer.statusCode !== 201 && answer.statusCode !== 200) throw hostError(this, answer);
				const data = this.getWorkflowStaticData('node');
				data.subscription = answer.body.subscription;
				data.secret = answer.body.secret;
				return true;
			},
			async delete(/*TS:this: IHookFunctions*/)/*TS:: Promise<boolean>*/ {
				const data = this.getWorkflowStaticData('node');
				if (data.subscription) {
					const path = `${subscriptionPath(this)}/${encodeURIComponent(String(data.subscription))}`;
					const answer = await callHost(this, 'DELETE', path);
					// Gone already (404) is what deleting wants.
					if (answer.statusCode !== 200 && answer.statusCode !== 404) throw hostError(this, answer);
				}
				delete data.subscription;
				delete data.secret;
				return true;
			},
		},
	};

	async webhook(/*TS:this: IWebhookFunctions*/)/*TS:: Promise<IWebhookResponseData>*/ {
		const request = this.getRequestObject();
		const secret = String(this.getWorkflowStaticData('node').secret ?? '');
		const rawBody = request.rawBody ? request.rawBody.toString() : JSON.stringify(request.body);
		if (!secret || !verifySignature(secret, this.getHeaderData()/*TS: as IDataObject*/, rawBody)) {
			this.getResponseObject().status(401).json({ error: 'the delivery is not signed by the actionnode host' });
			return { noWebhookResponse: true };
		}
		const event = this.getBodyData();
		return { workflowData: [this.helpers.returnJsonArray([(event.outputs ?? event)/*TS: as IDataObject*/])] };
	}
}
