"use strict";

// The provider account settings, by the credential's property name and the provider's setting key.
const ACCOUNT_SETTINGS = {};

class ActionnodeAcmeApi {
	name = "actionnodeAcmeApi";

	displayName = "Acme (actionnode) API";

	icon = {
			dark: "file:actionnodeAcme.dark.svg",
			light: "file:actionnodeAcme.svg",
		};

	documentationUrl = "https://example.invalid/actionnode";

	properties = [
		{
			default: "http://localhost:8080",
			description: "The base URL of 'actionnode serve --http'.",
			displayName: "Host URL",
			name: "hostUrl",
			required: true,
			type: "string",
		},
		{
			default: "",
			description: "One of the host's --api-keys, sent as a bearer key; empty for a host without keys.",
			displayName: "Host API Key",
			name: "apiKey",
			type: "string",
			typeOptions: {
				password: true,
			},
		},
		{
			default: "",
			description: "A bundle licence document (JSON), sent with every call; empty: the host's own.",
			displayName: "Licence",
			name: "license",
			type: "string",
			typeOptions: {
				rows: 4,
			},
		},
	];

	// Every call brings the host's key, the licence and the provider account
	// of this credential; nothing of them is kept by the host.
	authenticate = async (
		credentials,
		requestOptions,
	) => {
		const headers = {};
		if (credentials.apiKey) headers.Authorization = `Bearer ${credentials.apiKey}`;
		if (credentials.license)
			headers['X-ActionNode-License'] = Buffer.from(String(credentials.license)).toString('base64');
		const account = {};
		for (const [property, setting] of Object.entries(ACCOUNT_SETTINGS)) {
			if (credentials[property]) account[setting] = String(credentials[property]);
		}
		if (Object.keys(account).length > 0)
			headers['X-ActionNode-Connection'] = Buffer.from(JSON.stringify({ "acme": account })).toString(
				'base64',
			);
		return { ...requestOptions, headers: { ...requestOptions.headers, ...headers } };
	};

	// The host's connection test of the provider, with this credential's account.
	test = {
		request: {
			baseURL: '={{$credentials.hostUrl}}',
			url: "/v1/connections/acme/test",
			method: 'POST',
			// The host takes a body only when it is declared JSON.
			headers: { 'Content-Type': 'application/json' },
			body: {},
		},
	};
}
exports.ActionnodeAcmeApi = ActionnodeAcmeApi;
