import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodePropertyOptions,
	JsonObject,
} from 'n8n-workflow';

// The calls of one node run that are in flight at once: enough to keep the
// host busy, few enough to leave its invocation slots to other callers.
export const CONCURRENCY = 8;

type HostContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

interface HostAnswer {
	statusCode: number;
	body: IDataObject;
}

// Sends one request to the actionnode host; the credential adds the host's
// key, the licence and the provider account (see the credential's authenticate).
export async function callHost(
	context: HostContext,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
): Promise<HostAnswer> {
	const credentials = await context.getCredentials('actionnodeAcmeApi');
	const response = await context.helpers.httpRequestWithAuthentication.call(context, 'actionnodeAcmeApi', {
		method,
		url: String(credentials.hostUrl).replace(/\/+$/, '') + path,
		body,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	});
	const answer = typeof response.body === 'object' && response.body !== null ? response.body : {};
	return { statusCode: response.statusCode, body: answer };
}

// The host's error document as n8n's error: a refused input (4xx) is the
// node's operation error, a provider or network failure the API's; both
// carry the field pointer and the code.
export function hostError(
	context: HostContext,
	answer: HostAnswer,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	const errors = Array.isArray(answer.body.errors) ? answer.body.errors : [];
	const first = (errors[0] ?? {}) as IDataObject;
	const field = typeof first.field === 'string' ? first.field : '';
	const code = typeof first.code === 'string' ? first.code : String(answer.body.status ?? 'error');
	const text = typeof first.message === 'string' ? first.message : `the host answered HTTP ${answer.statusCode}`;
	const message = field ? `${field}: ${text}` : text;
	const description = errors
		.map((error: IDataObject) => `${error.field ? `${error.field}: ` : ''}${error.message} (${error.code})`)
		.join('\n');
	const error =
		answer.statusCode >= 500
			? new NodeApiError(context.getNode(), answer.body as JsonObject, {
					message,
					description,
					httpCode: String(answer.statusCode),
					itemIndex,
				})
			: new NodeOperationError(context.getNode(), message, { description, itemIndex });
	error.context.field = field;
	error.context.code = code;
	return error;
}

// What the workflow gets of an item whose invocation failed, with continueOnFail.
function failedItem(error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	return {
		json: { error: error.message, code: error.context.code, field: error.context.field },
		pairedItem: { item: itemIndex },
	};
}

// Runs action actionId on each item's inputs, CONCURRENCY at a time: one
// host invocation per item, each answer in the item's place.
export async function invokeItems(
	context: IExecuteFunctions,
	requests: Array<{ actionId: string; inputs: IDataObject } | NodeOperationError>,
): Promise<INodeExecutionData[]> {
	const results: INodeExecutionData[] = new Array(requests.length);
	let next = 0;
	const worker = async () => {
		while (next < requests.length) {
			const itemIndex = next++;
			const request = requests[itemIndex];
			let error = request instanceof NodeOperationError ? request : undefined;
			if (!error) {
				const call = request as { actionId: string; inputs: IDataObject };
				const answer = await callHost(
					context,
					'POST',
					`/v1/actions/${encodeURIComponent(call.actionId)}/invoke`,
					call.inputs,
				);
				if (answer.statusCode === 200) {
					const json = { ...(answer.body.outputs as IDataObject) };
					if (Array.isArray(answer.body.warnings) && answer.body.warnings.length > 0)
						json._warnings = answer.body.warnings;
					results[itemIndex] = { json, pairedItem: { item: itemIndex } };
					continue;
				}
				error = hostError(context, answer, itemIndex);
			}
			if (!context.continueOnFail()) throw error;
			results[itemIndex] = failedItem(error, itemIndex);
		}
	};
	await Promise.all(Array.from({ length: Math.min(CONCURRENCY, requests.length) }, worker));
	return results;
}

/*
  The choices of a field the host loads from the provider (optionsFrom), those
  containing search and from page cursor on; nextCursor asks for the page after.
*/
async function fieldOptions(
	context: ILoadOptionsFunctions,
	actionId: string,
	field: string,
	search?: string,
	cursor?: string,
): Promise<{ options: INodePropertyOptions[]; nextCursor?: string }> {
	const query = [
		search ? `search=${encodeURIComponent(search)}` : '',
		cursor ? `cursor=${encodeURIComponent(cursor)}` : '',
	].filter((part) => part !== '');
	const answer = await callHost(
		context,
		'GET',
		`/v1/actions/${encodeURIComponent(actionId)}/fields/${encodeURIComponent(field)}/options` +
			(query.length > 0 ? `?${query.join('&')}` : ''),
	);
	if (answer.statusCode !== 200) throw hostError(context, answer);
	if (answer.body.freeText === true)
		throw new NodeOperationError(context.getNode(), `No choices for ${field}: ${answer.body.reason}`);
	const options = Array.isArray(answer.body.options) ? answer.body.options : [];
	return {
		options: options.map((option: IDataObject) => ({
			name: String(option.label ?? option.value),
			value: option.value as string,
		})),
		nextCursor: typeof answer.body.nextCursor === 'string' ? answer.body.nextCursor : undefined,
	};
}

// A dropdown's choices (loadOptions).
export async function loadFieldOptions(
	context: ILoadOptionsFunctions,
	actionId: string,
	field: string,
): Promise<INodePropertyOptions[]> {
	return (await fieldOptions(context, actionId, field)).options;
}

// A resource locator's list (listSearch): the choices matching filter, a page at a time.
export async function searchFieldOptions(
	context: ILoadOptionsFunctions,
	actionId: string,
	field: string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await fieldOptions(context, actionId, field, filter, paginationToken);
	return page.nextCursor ? { results: page.options, paginationToken: page.nextCursor } : { results: page.options };
}
