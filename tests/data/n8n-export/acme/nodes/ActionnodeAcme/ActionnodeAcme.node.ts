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
const ACTIONS: Record<string, Record<string, { id: string; parameters: string[]; collections: string[]; json: string[] }>> = {
	acme: {
		room: {
			collections: [
				"additionalFields",
			],
			id: "acme.room",
			json: [],
			parameters: [],
		},
		roomNames: {
			collections: [
				"additionalFields",
			],
			id: "acme.room_names",
			json: [],
			parameters: [],
		},
	},
};

// The inputs of item itemIndex for its operation's action, or why they cannot be read.
function readInputs(
	context: IExecuteFunctions,
	itemIndex: number,
): { actionId: string; inputs: IDataObject } | NodeOperationError {
	const resource = context.getNodeParameter('resource', itemIndex) as string;
	const operation = context.getNodeParameter('operation', itemIndex) as string;
	const action = ACTIONS[resource]?.[operation];
	if (!action)
		return new NodeOperationError(context.getNode(), `No operation "${operation}" of "${resource}"`, { itemIndex });
	const inputs: IDataObject = {};
	for (const key of action.parameters) inputs[key] = context.getNodeParameter(key, itemIndex);
	for (const name of action.collections)
		Object.assign(inputs, context.getNodeParameter(name, itemIndex, {}) as IDataObject);
	// A choice searched in a list (a resource locator) is its value.
	for (const [key, value] of Object.entries(inputs)) {
		if (typeof value === 'object' && value !== null && (value as IDataObject).__rl === true)
			inputs[key] = (value as IDataObject).value;
	}
	for (const key of action.json) {
		if (typeof inputs[key] !== 'string') continue;
		try {
			inputs[key] = JSON.parse(inputs[key] as string);
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

export class ActionnodeAcme implements INodeType {
	description: INodeTypeDescription = {
		displayName: "Acme",
		name: "actionnodeAcme",
		icon: {
			dark: "file:actionnodeAcme.dark.svg",
			light: "file:actionnodeAcme.svg",
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: "Acme through an actionnode host: A provider declared only as data: it borrows the emulator's Daily rooms API.",
		defaults: {
			name: "Acme",
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: "actionnodeAcmeApi",
				required: true,
			},
		],
		properties: [
			{
				default: "acme",
				displayName: "Resource",
				name: "resource",
				noDataExpression: true,
				options: [
					{
						name: "Acme",
						value: "acme",
					},
				],
				type: "options",
			},
			{
				default: "room",
				displayName: "Operation",
				displayOptions: {
					show: {
						resource: [
							"acme",
						],
					},
				},
				name: "operation",
				noDataExpression: true,
				options: [
					{
						action: "Room",
						description: "Reads one room; the room is a path parameter the schema does not require.",
						name: "Room",
						value: "room",
					},
					{
						action: "Room names",
						description: "Lists rooms through a declaration only: no provider C++.",
						name: "Room names",
						value: "roomNames",
					},
				],
				type: "options",
			},
			{
				default: {},
				displayName: "Additional Fields",
				displayOptions: {
					show: {
						operation: [
							"roomNames",
						],
						resource: [
							"acme",
						],
					},
				},
				name: "additionalFields",
				options: [
					{
						default: 1,
						description: "Rooms per page.",
						displayName: "Page size",
						name: "page_size",
						type: "number",
						typeOptions: {
							maxValue: 100,
							minValue: 1,
						},
					},
					{
						default: "",
						description: "Kept by the runtime, never sent.",
						displayName: "Note",
						name: "note",
						type: "string",
					},
				],
				placeholder: "Add Field",
				type: "collection",
			},
			{
				default: {},
				displayName: "Additional Fields",
				displayOptions: {
					show: {
						operation: [
							"room",
						],
						resource: [
							"acme",
						],
					},
				},
				name: "additionalFields",
				options: [
					{
						default: "",
						description: "The room's name.",
						displayName: "Room",
						name: "room",
						type: "string",
					},
				],
				placeholder: "Add Field",
				type: "collection",
			},
		],
	};

	methods = {
		loadOptions: {},
		listSearch: {},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const requests = this.getInputData().map((_item, itemIndex) => readInputs(this, itemIndex));
		return [await invokeItems(this, requests)];
	}
}
