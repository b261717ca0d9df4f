'use strict';
// The Node.js reference of the cold-start benchmark: what a minimal Node function does for the same first
// request as the Java function it is paired with. Module loading and client construction happen before the
// first request, as in a Lambda init phase; then one request: the marketplace call named by REFERENCE_CALL
// (ResolveCustomer with the AWS SDK v3; or Azure's client-credentials token and the resolve POST with
// fetch), then one conditional PutItem to the table. Prints "ANSWERED <status>" when done.
const { randomUUID } = require('node:crypto');
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');

const env = process.env;
const call = env.REFERENCE_CALL || 'none';
const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
const dynamo = new DynamoDBClient({ region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT, credentials });
let metering = null;
if (call === 'aws-resolve') {
  const { MarketplaceMeteringClient } = require('@aws-sdk/client-marketplace-metering');
  metering = new MarketplaceMeteringClient({
    region: env.MARKETPLACE_REGION, endpoint: env.MARKETPLACE_METERING_ENDPOINT, credentials, maxAttempts: 1,
  });
}

async function resolveAws(token) {
  const { ResolveCustomerCommand } = require('@aws-sdk/client-marketplace-metering');
  const answer = await metering.send(new ResolveCustomerCommand({ RegistrationToken: token }));
  return answer.CustomerIdentifier;
}

async function resolveAzure(token) {
  const form = new URLSearchParams({
    grant_type: 'client_credentials', client_id: env.AZURE_MARKETPLACE_CLIENT_ID,
    client_secret: env.AZURE_MARKETPLACE_CLIENT_SECRET, scope: '20e940b3-4c77-4b0b-9a53-9e16a1b010a7/.default',
  });
  const tokenAnswer = await fetch(`${env.AZURE_TOKEN_AUTHORITY}/${env.AZURE_MARKETPLACE_TENANT_ID}/oauth2/v2.0/token`,
    { method: 'POST', body: form });
  if (!tokenAnswer.ok) throw new Error(`token endpoint answered ${tokenAnswer.status}`);
  const { access_token: accessToken } = await tokenAnswer.json();
  const resolved = await fetch(`${env.AZURE_FULFILLMENT_BASE_URL}/saas/subscriptions/resolve?api-version=2018-08-31`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'x-ms-marketplace-token': token, 'content-type': 'application/json' },
  });
  if (!resolved.ok) throw new Error(`resolve answered ${resolved.status}`);
  return (await resolved.json()).id;
}

async function handle(token) {
  const subscription = call === 'aws-resolve' ? await resolveAws(token)
    : call === 'azure-resolve' ? await resolveAzure(token) : randomUUID();
  await dynamo.send(new PutItemCommand({
    TableName: env.TABLE_NAME,
    Item: { pk: { S: `reference#${subscription}#${randomUUID()}` }, sk: { S: 'subscription' },
      status: { S: 'PENDING' }, at: { S: new Date().toISOString() } },
    ConditionExpression: 'attribute_not_exists(pk)',
  }));
  return call === 'none' ? 200 : 303;
}

handle(env.MARKETPLACE_TOKEN).then(
  (status) => { process.stdout.write(`ANSWERED ${status}\n`); },
  (error) => { process.stderr.write(`FAILED ${error.name}: ${error.message}\n`); process.exitCode = 1; });
