/**
 * EventBridge events as AWS delivers them (envelope: version, id, detail-type, source, account, time, region,
 * resources; detail: the CloudTrail record), recorded shapes with made-up ids. Session credentials in AssumeRole's
 * responseElements are assembled from parts so no key-shaped literal sits in the repository.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export const ACCOUNT = '111122223333';
export const SESSION_KEY_ID = ['AS', 'IA', 'EXAMPLESESSION01'].join('');
export const SESSION_TOKEN = ['IQoJb3JpZ2luX2VjE', 'FakeSessionToken', 'x'.repeat(40)].join('');
export const SESSION_SECRET = ['wJalrXUtnFEMI', '/K7MDENG/bPxRfiCY', 'FAKEKEY0000'].join('');

const envelope = (
  detailType: string,
  source: string,
  detail: Record<string, unknown>,
): { detail: Record<string, unknown> } & Record<string, unknown> => ({
  version: '0',
  id: `6a7e8feb-b491-4cf7-a9f1-bf3703467718-${String(detail.eventName)}`,
  'detail-type': detailType,
  source,
  account: ACCOUNT,
  time: '2026-12-07T08:00:01Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    eventVersion: '1.09',
    eventTime: '2026-12-07T08:00:00Z',
    awsRegion: 'us-east-1',
    userAgent: 'aws-cli/2.15.0',
    requestID: 'f3f5e5b2-8a0a-4f5c-9d2a-1b0c2d3e4f50',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...detail,
  },
});

export const breakGlassAssumed = envelope('AWS API Call via CloudTrail', 'aws.sts', {
  eventID: 'b1f2c3d4-0000-4000-8000-000000000001',
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  sourceIPAddress: '203.0.113.7',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEOPS',
    arn: `arn:aws:iam::${ACCOUNT}:user/ops-oncall`,
    accountId: ACCOUNT,
    userName: 'ops-oncall',
  },
  requestParameters: {
    roleArn: `arn:aws:iam::${ACCOUNT}:role/BreakGlass`,
    roleSessionName: 'incident-4711',
    durationSeconds: 3600,
  },
  responseElements: {
    credentials: {
      accessKeyId: SESSION_KEY_ID,
      sessionToken: SESSION_TOKEN,
      secretAccessKey: SESSION_SECRET,
      expiration: 'Dec 7, 2026, 9:00:00 AM',
    },
    assumedRoleUser: {
      assumedRoleId: 'AROAEXAMPLE:incident-4711',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/BreakGlass/incident-4711`,
    },
  },
  resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${ACCOUNT}:role/BreakGlass` }],
});

export const rootConsoleSignIn = envelope('AWS Console Sign In via CloudTrail', 'aws.signin', {
  eventID: 'b1f2c3d4-0000-4000-8000-000000000002',
  eventName: 'ConsoleLogin',
  eventSource: 'signin.amazonaws.com',
  eventType: 'AwsConsoleSignIn',
  sourceIPAddress: '198.51.100.23',
  userIdentity: { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
});

export const adminPolicyAttached = envelope('AWS API Call via CloudTrail', 'aws.iam', {
  eventID: 'b1f2c3d4-0000-4000-8000-000000000003',
  eventName: 'AttachUserPolicy',
  eventSource: 'iam.amazonaws.com',
  sourceIPAddress: '203.0.113.9',
  userIdentity: {
    type: 'IAMUser',
    arn: `arn:aws:iam::${ACCOUNT}:user/mallory`,
    accountId: ACCOUNT,
    userName: 'mallory',
  },
  requestParameters: { userName: 'mallory', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  responseElements: null,
});

export const loggingStopped = envelope('AWS API Call via CloudTrail', 'aws.cloudtrail', {
  eventID: 'b1f2c3d4-0000-4000-8000-000000000004',
  eventName: 'StopLogging',
  eventSource: 'cloudtrail.amazonaws.com',
  sourceIPAddress: '203.0.113.9',
  userIdentity: {
    type: 'IAMUser',
    arn: `arn:aws:iam::${ACCOUNT}:user/mallory`,
    accountId: ACCOUNT,
    userName: 'mallory',
  },
  requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` },
  responseElements: null,
});

/** Read by no event check. */
export const userCreated = envelope('AWS API Call via CloudTrail', 'aws.iam', {
  eventID: 'b1f2c3d4-0000-4000-8000-000000000005',
  eventName: 'CreateUser',
  eventSource: 'iam.amazonaws.com',
  userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/admin`, accountId: ACCOUNT, userName: 'admin' },
  requestParameters: { userName: 'new-hire' },
  responseElements: { user: { userName: 'new-hire', arn: `arn:aws:iam::${ACCOUNT}:user/new-hire` } },
});
