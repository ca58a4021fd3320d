import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { invokeItems, loadFieldOptions, searchFieldOptions } from './ActionnodeHost';

// Each operation's action, by resource and operation: the parameters that are
// inputs, the collections whose entries are inputs, and the inputs written as JSON.
const ACTIONS/*TS:: Record<string, Record<string, { id: string; parameters: string[]; collections: string[]; json: string[] }>>*/ = @ACTIONS@;

// The inputs of item itemIndex for its operation's action, or why they cannot be read.
function readInputs(
	context/*TS:: IExecuteFunctions*/,
	itemIndex/*TS:: number*/,
)/*TS:: { actionId: string; inputs: IDataObject } | NodeOperationError*/ {
	const resource = context.getNodeParameter('resource', itemIndex)/*TS: as string*/;
	const operation = context.getNodeParameter('operation', itemIndex)/*TS: as string*/;
	const action = ACTIONS[resource]?.[operation];
	if (!action)
		return new NodeOperationError(context.getNode(), `No operation "${operation}" of "${resource}"`, { itemIndex });
	const inputs/*TS:: IDataObject*/ = {};
	for (const key of action.parameters) inputs[key] = context.getNodeParameter(key, itemIndex);
	for (const name of action.collections)
		Object.assign(inputs, context.getNodeParameter(name, itemIndex, {})/*TS: as IDataObject*/);
	// A choice searched in a list (a resource locator) is its value.
	for (const [key, value] of Object.entries(inputs)) {
		if (typeof value === 'object' && value !== null && (value/*TS: as IDataObject*/).__rl === true)
			inputs[key] = (value/*TS: as IDataObject*/).value;
	}
	for (const key of action.json) {
		if (typeof inputs[key] !== 'string') continue;
		try {
			inputs[key] = JSON.parse(inputs[key]/*TS: as string*/);
		} catch (error) {
			const refused = new NodeOperationError(context.getNode(), `/${key}: is not JSON: ${error.message}`, {
				itemIndex,
			});
			refused.context.field = `/${key}`;
			refused.context.code = 'invalid_json';
			return refused;
		}
	}
	return { actionId: action.id, inputs };
}

export class @CLASS@ /*TS:implements INodeType */{
	description/*TS:: INodeTypeDescription*/ = {
		displayName: @DISPLAY_NAME@,
		name: @NAME@,
		icon: @ICON@,
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: @DESCRIPTION@,
		defaults: {
			name: @DISPLAY_NAME@,
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: @CREDENTIAL_NAME@,
				required: true,
			},
		],
		properties: @PROPERTIES@,
	};

	methods = {
		loadOptions: {@LOAD_OPTIONS@},
		listSearch: {@LIST_SEARCH@},
	};

	async execute(/*TS:this: IExecuteFunctions*/)/*TS:: Promise<INodeExecutionData[][]>*/ {
		const requests = this.getInputData().map((_item, itemIndex) => readInputs(this, itemIndex));
		return [await invokeItems(this, requests)];
	}
}
