import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

// The provider account settings, by the credential's property name and the provider's setting key.
const ACCOUNT_SETTINGS/*TS:: Record<string, string>*/ = @ACCOUNT_SETTINGS@;

export class @CLASS@ /*TS:implements ICredentialType */{
	name = @NAME@;

	displayName = @DISPLAY_NAME@;

	icon = @ICON@/*TS: as const*/;

	documentationUrl = @DOCUMENTATION_URL@;

	properties/*TS:: INodeProperties[]*/ = @PROPERTIES@;

	// Every call brings the host's key, the licence and the provider account
	// of this credential; nothing of them is kept by the host.
	authenticate/*TS:: IAuthenticate*/ = async (
		credentials/*TS:: ICredentialDataDecryptedObject*/,
		requestOptions/*TS:: IHttpRequestOptions*/,
	)/*TS:: Promise<IHttpRequestOptions>*/ => {
		const headers/*TS:: Record<string, string>*/ = {};
		if (credentials.apiKey) headers.Authorization = `Bearer ${credentials.apiKey}`;
		if (credentials.license)
			headers['X-ActionNode-License'] = Buffer.from(String(credentials.license)).toString('base64');
		const account/*TS:: Record<string, string>*/ = {};
		for (const [property, setting] of Object.entries(ACCOUNT_SETTINGS)) {
			if (credentials[property]) account[setting] = String(credentials[property]);
		}
		if (Object.keys(account).length > 0)
			headers['X-ActionNode-Connection'] = Buffer.from(JSON.stringify({ @PROVIDER_KEY@: account })).toString(
				'base64',
			);
		return { ...requestOptions, headers: { ...requestOptions.headers, ...headers } };
	};

	// The host's connection test of the provider, with this credential's account.
	test/*TS:: ICredentialTestRequest*/ = {
		request: {
			baseURL: '={{$credentials.hostUrl}}',
			url: @TEST_PATH@,
			method: 'POST',
			// The host takes a body only when it is declared JSON.
			headers: { 'Content-Type': 'application/json' },
			body: {},
		},
	};
}
