"use strict";
const { NodeApiError, NodeOperationError } = require('n8n-workflow');

// The calls of one node run that are in flight at once: enough to keep the
// host busy, few enough to leave its invocation slots to other callers.
const CONCURRENCY = 8;





// Sends one request to the actionnode host; the credential adds the host's
// key, the licence and the provider account (see the credential's authenticate).
async function callHost(
	context,
	method,
	path,
	body,
) {
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
function hostError(
	context,
	answer,
	itemIndex,
) {
	const errors = Array.isArray(answer.body.errors) ? answer.body.errors : [];
	const first = (errors[0] ?? {});
	const field = typeof first.field === 'string' ? first.field : '';
	const code = typeof first.code === 'string' ? first.code : String(answer.body.status ?? 'error');
	const text = typeof first.message === 'string' ? first.message : `the host answered HTTP ${answer.statusCode}`;
	const message = field ? `${field}: ${text}` : text;
	const description = errors
		.map((error) => `${error.field ? `${error.field}: ` : ''}${error.message} (${error.code})`)
		.join('\n');
	const error =
		answer.statusCode >= 500
			? new NodeApiError(context.getNode(), answer.body, {
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
function failedItem(error, itemIndex) {
	return {
		json: { error: error.message, code: error.context.code, field: error.context.field },
		pairedItem: { item: itemIndex },
	};
}

// Runs action actionId on each item's inputs, CONCURRENCY at a time: one
// host invocation per item, each answer in the item's place.
async function invokeItems(
	context,
	requests,
) {
	const results = new Array(requests.length);
	let next = 0;
	const worker = async () => {
		while (next < requests.length) {
			const itemIndex = next++;
			const request = requests[itemIndex];
			let error = request instanceof NodeOperationError ? request : undefined;
			if (!error) {
				const call = request;
				const answer = await callHost(
					context,
					'POST',
					`/v1/actions/${encodeURIComponent(call.actionId)}/invoke`,
					call.inputs,
				);
				if (answer.statusCode === 200) {
					const json = { ...(answer.body.outputs) };
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
	context,
	actionId,
	field,
	search,
	cursor,
) {
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
		options: options.map((option) => ({
			name: String(option.label ?? option.value),
			value: option.value,
		})),
		nextCursor: typeof answer.body.nextCursor === 'string' ? answer.body.nextCursor : undefined,
	};
}

// A dropdown's choices (loadOptions).
async function loadFieldOptions(
	context,
	actionId,
	field,
) {
	return (await fieldOptions(context, actionId, field)).options;
}

// A resource locator's list (listSearch): the choices matching filter, a page at a time.
async function searchFieldOptions(
	context,
	actionId,
	field,
	filter,
	paginationToken,
) {
	const page = await fieldOptions(context, actionId, field, filter, paginationToken);
	return page.nextCursor ? { results: page.options, paginationToken: page.nextCursor } : { results: page.options };
}
exports.CONCURRENCY = CONCURRENCY;
exports.callHost = callHost;
exports.hostError = hostError;
exports.invokeItems = invokeItems;
exports.loadFieldOptions = loadFieldOptions;
exports.searchFieldOptions = searchFieldOptions;
