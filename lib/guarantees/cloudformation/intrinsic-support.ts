/**
 * Which intrinsic functions CloudFormation accepts inside which: the table behind HA-CFN-001.
 *
 * Each entry names the arguments of one function and, for each argument, the functions
 * CloudFormation documents as supported there ("Supported functions" section of the function's
 * page). A function not listed for an argument is not supported there: the check fails closed.
 *
 * Sources, all read 2026-11-29 (stored copies of the pages; the per-function lists are the same in
 * the archived User Guide, github.com/awsdocs/aws-cloudformation-user-guide doc_source/, and in the
 * current Template Reference pages where both were readable, e.g. Fn::Join and Fn::Split):
 * - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
 *   and the per-function pages named beside each entry below.
 * - Fn::GetStackOutput: its page (TemplateReference/intrinsic-function-reference-getstackoutput.html)
 *   documents its parameters, and its own example puts `Ref` in `StackName`; the older parent pages do
 *   not mention it. Where it may appear comes from AWS's own linter, cfn-lint (github.com/aws-cloudformation/cfn-lint),
 *   whose maintainers confirmed each position by deploying: commit a74054f (2026-05-08, "supported in resource
 *   property values, inside Fn::Join, Fn::If, Fn::Select; NOT in Fn::Sub map values, Fn::Base64, direct
 *   Output values, Conditions, Fn::ImportValue") and commit 39ca3c7 (2026-05-26, "now supports Fn::GetStackOutput
 *   in Output Values, Fn::Sub, and Fn::Base64 ... still excluded from Conditions, Fn::ImportValue, Export Name").
 *   Fn::Split is in neither list: cfn-lint's split.json (HEAD 217397c, 2026-08-19) still omits it.
 * - Fn::Length and Fn::ToJsonString (AWS::LanguageExtensions transform): cfn-lint's length.json and
 *   tojsonstring.json at the same commit; no parent page lists them, so nesting them anywhere is a finding.
 */

const GET_STACK_OUTPUT = 'Fn::GetStackOutput';

/** One argument of an intrinsic function, and what may be nested in it. */
export interface IntrinsicArgument {
  /** The argument's name, as the function's page names it (`delimiter`, `source string`). */
  readonly name: string;
  /** Where the argument sits: an index into the function's array, a key of its object, or the whole value. */
  readonly at: number | string | 'value' | 'every';
  /**
   * Functions supported when the argument is itself a function call. Empty: CloudFormation
   * requires a literal here (e.g. "For the Fn::Join delimiter, you cannot use any functions").
   * `'inherit'`: whatever the position of the calling function accepts (Fn::If's values).
   */
  readonly functions: readonly string[] | 'inherit';
  /**
   * Functions supported as elements when the argument is a literal list or map (Fn::Join's list of
   * values, Fn::Select's list of objects, Fn::Sub's variable map).
   * @default - the same as `functions`
   */
  readonly elements?: readonly string[];
}

/** How one intrinsic function may be nested. */
export interface IntrinsicSupport {
  /** Where CloudFormation documents it. */
  readonly source: string;
  /** Its arguments; none when the argument is a plain name (`Ref`, `Condition`). */
  readonly arguments: readonly IntrinsicArgument[];
  /** Only valid under the `AWS::LanguageExtensions` transform. */
  readonly needsLanguageExtensions?: boolean;
  /**
   * Further functions allowed wherever this one's caller accepts it: Fn::If's values are also bound
   * by the list on the condition functions page, so they are the intersection of both.
   */
  readonly restrictsInherited?: readonly string[];
}

const DOCS = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/';
const CFN_LINT = 'https://github.com/aws-cloudformation/cfn-lint/tree/217397c81/src/cfnlint/data/schemas/other/functions/';

/** Condition functions, usable only in the Conditions section and inside one another. */
export const CONDITION_FUNCTIONS: readonly string[] = ['Fn::And', 'Fn::Equals', 'Fn::Not', 'Fn::Or', 'Condition'];

/** Rule-specific functions, usable only in a rule's RuleCondition and Assertions. */
export const RULE_FUNCTIONS: readonly string[] = [
  'Fn::And',
  'Fn::Contains',
  'Fn::EachMemberEquals',
  'Fn::EachMemberIn',
  'Fn::Equals',
  'Fn::Not',
  'Fn::Or',
  'Fn::RefAll',
  'Fn::ValueOf',
  'Fn::ValueOfAll',
];

/**
 * Functions allowed directly as a resource property, resource metadata or update policy value, or an
 * output's value: the template functions, not the condition or rule functions.
 * Source: intrinsic-function-reference.html ("you can use intrinsic functions in resource properties,
 * outputs, metadata attributes, and update policy attributes"); GetStackOutput per cfn-lint 39ca3c7.
 */
export const VALUE_FUNCTIONS: readonly string[] = [
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::FindInMap',
  'Fn::GetAtt',
  'Fn::GetAZs',
  GET_STACK_OUTPUT,
  'Fn::If',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Length',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::ToJsonString',
  'Fn::Transform',
  'Ref',
];

/** An output's Export Name: as a value, but a weak reference cannot name an export (cfn-lint E6102, 39ca3c7). */
export const EXPORT_NAME_FUNCTIONS: readonly string[] = VALUE_FUNCTIONS.filter((f) => f !== GET_STACK_OUTPUT);

/** The condition functions page: "You can use the following functions in all other condition functions: Fn::FindInMap, Ref, other condition functions". */
const IN_CONDITIONS: readonly string[] = ['Fn::FindInMap', 'Ref', ...CONDITION_FUNCTIONS];

/** The rules page: "you can use the following functions within all other rule-specific intrinsic functions: Ref, other rule-specific intrinsic functions". */
const IN_RULES: readonly string[] = ['Ref', ...RULE_FUNCTIONS];

/** Functions returning a string, which the Fn::Base64 page accepts ("any function that returns a string"). */
const STRING_FUNCTIONS: readonly string[] = [
  'Fn::Base64',
  'Fn::FindInMap',
  'Fn::GetAtt',
  GET_STACK_OUTPUT,
  'Fn::If',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Select',
  'Fn::Sub',
  'Ref',
];

const conditionArgs = (name: string): IntrinsicArgument[] => [{ name, at: 'every', functions: IN_CONDITIONS }];
const ruleArgs = (name: string): IntrinsicArgument[] => [{ name, at: 'every', functions: IN_RULES }];

/** Every intrinsic function this check knows, and what each accepts inside it. */
export const INTRINSIC_SUPPORT: Readonly<Record<string, IntrinsicSupport>> = {
  Ref: { source: `${DOCS}intrinsic-function-reference-ref.html`, arguments: [{ name: 'logicalName', at: 'value', functions: [] }] },
  'Fn::Base64': {
    source: `${DOCS}intrinsic-function-reference-base64.html`,
    arguments: [{ name: 'valueToEncode', at: 'value', functions: STRING_FUNCTIONS }],
  },
  'Fn::Cidr': {
    source: `${DOCS}intrinsic-function-reference-cidr.html`,
    // "You can use the following functions in a Fn::Cidr function: Fn::Select, Ref"; the page's own
    // IPv6 example passes Fn::GetAtt [ExampleVpc, CidrBlock] as ipBlock, so GetAtt is accepted there.
    arguments: [
      { name: 'ipBlock', at: 0, functions: ['Fn::Select', 'Ref', 'Fn::GetAtt'] },
      { name: 'count', at: 1, functions: ['Fn::Select', 'Ref'] },
      { name: 'cidrBits', at: 2, functions: ['Fn::Select', 'Ref'] },
    ],
  },
  'Fn::FindInMap': {
    source: `${DOCS}intrinsic-function-reference-findinmap.html`,
    arguments: [{ name: 'MapName, TopLevelKey, SecondLevelKey', at: 'every', functions: ['Fn::FindInMap', 'Ref'] }],
  },
  'Fn::GetAtt': {
    source: `${DOCS}intrinsic-function-reference-getatt.html`,
    // "For the Fn::GetAtt logical resource name, you cannot use functions ... For the Fn::GetAtt attribute name, you can use the Ref function."
    arguments: [
      { name: 'logicalNameOfResource', at: 0, functions: [] },
      { name: 'attributeName', at: 1, functions: ['Ref'] },
    ],
  },
  'Fn::GetAZs': {
    source: `${DOCS}intrinsic-function-reference-getavailabilityzones.html`,
    arguments: [{ name: 'region', at: 'value', functions: ['Ref'] }],
  },
  [GET_STACK_OUTPUT]: {
    source: `${DOCS}intrinsic-function-reference-getstackoutput.html; ${CFN_LINT}getstackoutput.json`,
    arguments: ['StackName', 'OutputName', 'Region', 'RoleArn'].map((key) => ({
      name: key,
      at: key,
      functions: ['Fn::Base64', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::If', 'Fn::ImportValue', 'Fn::Join', 'Fn::Select', 'Fn::Sub', 'Ref'],
    })),
  },
  'Fn::If': {
    source: `${DOCS}intrinsic-function-reference-conditions.html#intrinsic-function-reference-conditions-if`,
    arguments: [
      { name: 'condition_name', at: 0, functions: [] },
      { name: 'value_if_true', at: 1, functions: 'inherit' },
      { name: 'value_if_false', at: 2, functions: 'inherit' },
    ],
    // "You can use the following functions in the Fn::If condition: Fn::Base64, Fn::FindInMap, Fn::GetAtt,
    // Fn::GetAZs, Fn::If, Fn::Join, Fn::Select, Fn::Sub, Ref"; GetStackOutput per cfn-lint a74054f.
    restrictsInherited: [
      'Fn::Base64',
      'Fn::FindInMap',
      'Fn::GetAtt',
      'Fn::GetAZs',
      'Fn::If',
      'Fn::Join',
      'Fn::Select',
      'Fn::Sub',
      'Ref',
      GET_STACK_OUTPUT,
    ],
  },
  'Fn::ImportValue': {
    source: `${DOCS}intrinsic-function-reference-importvalue.html`,
    arguments: [
      {
        name: 'sharedValueToImport',
        at: 'value',
        functions: ['Fn::Base64', 'Fn::FindInMap', 'Fn::If', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::Sub', 'Ref'],
      },
    ],
  },
  'Fn::Join': {
    source: `${DOCS}intrinsic-function-reference-join.html`,
    arguments: [
      { name: 'delimiter', at: 0, functions: [] },
      {
        name: 'list of values',
        at: 1,
        functions: [
          'Fn::Base64',
          'Fn::FindInMap',
          'Fn::GetAtt',
          'Fn::GetAZs',
          'Fn::If',
          'Fn::ImportValue',
          'Fn::Join',
          'Fn::Split',
          'Fn::Select',
          'Fn::Sub',
          'Ref',
        ],
        elements: [
          'Fn::Base64',
          'Fn::FindInMap',
          'Fn::GetAtt',
          'Fn::GetAZs',
          'Fn::If',
          'Fn::ImportValue',
          'Fn::Join',
          'Fn::Split',
          'Fn::Select',
          'Fn::Sub',
          'Ref',
          GET_STACK_OUTPUT,
        ],
      },
    ],
  },
  'Fn::Select': {
    source: `${DOCS}intrinsic-function-reference-select.html`,
    arguments: [
      { name: 'index', at: 0, functions: ['Ref', 'Fn::FindInMap'] },
      {
        name: 'list of objects',
        at: 1,
        // The page's list, plus Fn::Cidr, which the Fn::Cidr page's own example selects from.
        functions: ['Fn::FindInMap', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::If', 'Fn::Split', 'Ref', 'Fn::Cidr'],
        // Elements of a literal list: cfn-lint select.json (a74054f adds GetStackOutput).
        elements: ['Fn::FindInMap', 'Fn::GetAtt', 'Fn::If', 'Ref', GET_STACK_OUTPUT],
      },
    ],
  },
  'Fn::Split': {
    source: `${DOCS}intrinsic-function-reference-split.html`,
    arguments: [
      { name: 'delimiter', at: 0, functions: [] },
      {
        name: 'source string',
        at: 1,
        functions: [
          'Fn::Base64',
          'Fn::FindInMap',
          'Fn::GetAtt',
          'Fn::GetAZs',
          'Fn::If',
          'Fn::ImportValue',
          'Fn::Join',
          'Fn::Select',
          'Fn::Sub',
          'Ref',
        ],
      },
    ],
  },
  'Fn::Sub': {
    source: `${DOCS}intrinsic-function-reference-sub.html`,
    arguments: [
      { name: 'String', at: 0, functions: [] },
      {
        name: 'variable map',
        at: 1,
        functions: [],
        // "For the VarName and VarValue parameters, you can use ..."; GetStackOutput per cfn-lint 39ca3c7.
        elements: [
          'Fn::Base64',
          'Fn::FindInMap',
          'Fn::GetAtt',
          'Fn::GetAZs',
          'Fn::If',
          'Fn::ImportValue',
          'Fn::Join',
          'Fn::Select',
          'Ref',
          GET_STACK_OUTPUT,
        ],
      },
    ],
  },
  'Fn::Length': {
    source: `${DOCS}intrinsic-function-reference-length.html; ${CFN_LINT}length.json`,
    needsLanguageExtensions: true,
    arguments: [
      {
        name: 'array',
        at: 'value',
        functions: ['Ref', 'Fn::FindInMap', 'Fn::Split', 'Fn::If', 'Fn::GetAZs'],
        elements: [
          'Fn::If',
          'Fn::Base64',
          'Fn::FindInMap',
          'Fn::Join',
          'Fn::Select',
          'Fn::Split',
          'Fn::Sub',
          'Fn::ToJsonString',
          'Fn::GetAZs',
          'Ref',
        ],
      },
    ],
  },
  'Fn::ToJsonString': {
    source: `${DOCS}intrinsic-function-reference-ToJsonString.html; ${CFN_LINT}tojsonstring.json`,
    needsLanguageExtensions: true,
    arguments: [
      { name: 'Object', at: 'value', functions: ['Fn::FindInMap', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::If', 'Fn::Select', 'Fn::Split', 'Ref'] },
    ],
  },
  // CloudFormation expands a macro before resolving anything; its parameters are judged as values.
  'Fn::Transform': {
    source: `${DOCS}intrinsic-function-reference-transform.html`,
    arguments: [{ name: 'Name and Parameters', at: 'value', functions: VALUE_FUNCTIONS }],
  },
  'Fn::And': { source: `${DOCS}intrinsic-function-reference-conditions.html`, arguments: conditionArgs('condition') },
  'Fn::Equals': { source: `${DOCS}intrinsic-function-reference-conditions.html`, arguments: conditionArgs('value') },
  'Fn::Not': { source: `${DOCS}intrinsic-function-reference-conditions.html`, arguments: conditionArgs('condition') },
  'Fn::Or': { source: `${DOCS}intrinsic-function-reference-conditions.html`, arguments: conditionArgs('condition') },
  Condition: {
    source: `${DOCS}intrinsic-function-reference-conditions.html`,
    arguments: [{ name: 'condition name', at: 'value', functions: [] }],
  },
};

/**
 * Inside a rule, the shared names (Fn::And, Fn::Equals, Fn::Not, Fn::Or) are the rule-specific
 * functions, whose arguments accept Ref and the other rule functions; Fn::ValueOf and Fn::ValueOfAll
 * accept no function ("You cannot use another function within the Fn::ValueOf and Fn::ValueOfAll functions").
 * Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/rules-section-structure.html
 * (read 2026-11-29 from the archived User Guide page intrinsic-function-reference-rules.md).
 */
export const RULE_SUPPORT: Readonly<Record<string, IntrinsicSupport>> = {
  Ref: INTRINSIC_SUPPORT.Ref,
  ...Object.fromEntries(
    RULE_FUNCTIONS.map((fn): [string, IntrinsicSupport] => [
      fn,
      {
        source: `${DOCS}rules-section-structure.html`,
        arguments:
          fn === 'Fn::ValueOf' || fn === 'Fn::ValueOfAll' ? [{ name: 'arguments', at: 'every', functions: [] }] : ruleArgs('condition'),
      },
    ]),
  ),
};
