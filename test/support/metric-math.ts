/**
 * A small evaluator of the CloudWatch metric-math subset this library emits, for proving alarm
 * math on synthetic data straight from a synthesized template (the tests never re-type a formula).
 *
 * Supported: numbers, metric ids, + - * /, unary -, comparisons (> < >= <= == !=), AND/&&, OR/||,
 * NOT/!, parentheses, arrays `[a, b]`, and IF, FILL, MIN, MAX, ABS. Semantics follow CloudWatch's
 * documentation ("Metric math syntax and functions"): operations work datapoint by datapoint,
 * comparisons and logic give 1 or 0, IF picks per datapoint, FILL replaces missing datapoints,
 * MIN/MAX of an array are per datapoint and of one series a scalar. A missing datapoint (null)
 * stays missing through arithmetic. Division by zero throws, so a test fails if an expression can
 * divide by zero on its data rather than silently produce a gap.
 */

/** One value per minute, oldest first; null where the metric has no datapoint. */
export type Series = (number | null)[];
type Value = Series | number | Value[];

type Token = { kind: 'num'; value: number } | { kind: 'id'; value: string } | { kind: 'op'; value: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(>=|<=|==|!=|&&|\|\||[-+*/()[\],<>!]))/y;
  let index = 0;
  while (index < expression.length) {
    if (/^\s*$/.test(expression.slice(index))) {
      break;
    }
    re.lastIndex = index;
    const m = re.exec(expression);
    if (!m) {
      throw new Error(`metric math: cannot read '${expression.slice(index)}' in '${expression}'`);
    }
    index = re.lastIndex;
    if (m[1] !== undefined) {
      tokens.push({ kind: 'num', value: Number(m[1]) });
    } else if (m[2] !== undefined) {
      const word = m[2].toUpperCase();
      if (word === 'AND' || word === 'OR' || word === 'NOT') {
        tokens.push({ kind: 'op', value: word === 'AND' ? '&&' : word === 'OR' ? '||' : '!' });
      } else {
        tokens.push({ kind: 'id', value: m[2] });
      }
    } else {
      tokens.push({ kind: 'op', value: m[3] });
    }
  }
  return tokens;
}

type Node =
  | { type: 'num'; value: number }
  | { type: 'ref'; id: string }
  | { type: 'call'; fn: string; args: Node[] }
  | { type: 'array'; items: Node[] }
  | { type: 'unary'; op: string; operand: Node }
  | { type: 'binary'; op: string; left: Node; right: Node };

/** Recursive descent, loosest first: OR, AND, NOT, comparison, + -, * /, unary -, primary. */
function parse(expression: string): Node {
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (...ops: string[]) => peek()?.kind === 'op' && ops.includes(String(peek()!.value));
  const expect = (op: string) => {
    if (!isOp(op)) {
      throw new Error(`metric math: expected '${op}' at token ${pos} of '${expression}'`);
    }
    pos++;
  };
  const binaryLevel = (ops: string[], next: () => Node) => (): Node => {
    let left = next();
    while (isOp(...ops)) {
      const op = tokens[pos++].value as string;
      left = { type: 'binary', op, left, right: next() };
    }
    return left;
  };
  const primary = (): Node => {
    const token = tokens[pos++];
    if (!token) {
      throw new Error(`metric math: '${expression}' ends too early`);
    }
    if (token.kind === 'num') {
      return { type: 'num', value: token.value };
    }
    if (token.kind === 'id') {
      if (isOp('(')) {
        pos++;
        const args: Node[] = [];
        if (!isOp(')')) {
          args.push(or());
          while (isOp(',')) {
            pos++;
            args.push(or());
          }
        }
        expect(')');
        return { type: 'call', fn: token.value.toUpperCase(), args };
      }
      return { type: 'ref', id: token.value };
    }
    if (token.value === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    if (token.value === '[') {
      const items = [or()];
      while (isOp(',')) {
        pos++;
        items.push(or());
      }
      expect(']');
      return { type: 'array', items };
    }
    throw new Error(`metric math: unexpected '${token.value}' in '${expression}'`);
  };
  const unaryMinus = (): Node => (isOp('-') ? (pos++, { type: 'unary', op: '-', operand: unaryMinus() }) : primary());
  const multiplicative = binaryLevel(['*', '/'], unaryMinus);
  const additive = binaryLevel(['+', '-'], multiplicative);
  const comparison = binaryLevel(['>', '<', '>=', '<=', '==', '!='], additive);
  const not = (): Node => (isOp('!') ? (pos++, { type: 'unary', op: '!', operand: not() }) : comparison());
  const and = binaryLevel(['&&'], not);
  const or: () => Node = binaryLevel(['||'], and);
  const tree = or();
  if (pos !== tokens.length) {
    throw new Error(`metric math: unexpected '${(tokens[pos] as Token).value}' after a complete expression in '${expression}'`);
  }
  return tree;
}

function pointwise(length: number, values: (Series | number)[], f: (...xs: number[]) => number | null): Series {
  return Array.from({ length }, (_, i) => {
    const xs = values.map((v) => (typeof v === 'number' ? v : v[i]));
    return xs.some((x) => x === null) ? null : f(...(xs as number[]));
  });
}

const BINARY: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => {
    if (b === 0) {
      throw new Error('metric math: division by zero');
    }
    return a / b;
  },
  '>': (a, b) => Number(a > b),
  '<': (a, b) => Number(a < b),
  '>=': (a, b) => Number(a >= b),
  '<=': (a, b) => Number(a <= b),
  '==': (a, b) => Number(a === b),
  '!=': (a, b) => Number(a !== b),
  '&&': (a, b) => Number(a !== 0 && b !== 0),
  '||': (a, b) => Number(a !== 0 || b !== 0),
};

/**
 * Evaluates one expression.
 *
 * @param variables each id's series (or scalar); all series have the same length
 * @param length the number of datapoints
 */
export function evaluateExpression(expression: string, variables: Record<string, Series | number>, length: number): Series | number {
  const evaluate = (node: Node): Value => {
    switch (node.type) {
      case 'num':
        return node.value;
      case 'ref': {
        const value = variables[node.id];
        if (value === undefined) {
          throw new Error(`metric math: unknown id '${node.id}' in '${expression}'`);
        }
        return value;
      }
      case 'array':
        return node.items.map(evaluate);
      case 'unary': {
        const operand = evaluate(node.operand) as Series | number;
        const f = node.op === '-' ? (x: number) => -x : (x: number) => Number(x === 0);
        return typeof operand === 'number' ? f(operand) : pointwise(length, [operand], f);
      }
      case 'binary': {
        const [left, right] = [evaluate(node.left), evaluate(node.right)] as (Series | number)[];
        const f = BINARY[node.op];
        return typeof left === 'number' && typeof right === 'number' ? f(left, right) : pointwise(length, [left, right], f);
      }
      case 'call':
        if (node.fn === 'MIN' || node.fn === 'MAX') {
          return minMax(node.fn, node.args);
        }
        return call(node.fn, node.args.map(evaluate));
    }
  };
  // MIN([a, b]) is per datapoint over the series that have one; MIN(a) is a's smallest datapoint.
  const minMax = (fn: string, args: Node[]): Value => {
    const pick = fn === 'MIN' ? Math.min : Math.max;
    const [arg] = args;
    if (args.length !== 1) {
      throw new Error(`metric math: ${fn} takes one argument (a series or an array), got ${args.length}`);
    }
    const smallestOf = (xs: (number | null)[]) => {
      const present = xs.filter((x): x is number => x !== null);
      return present.length ? pick(...present) : null;
    };
    if (arg.type === 'array') {
      const items = arg.items.map(evaluate) as (Series | number)[];
      return Array.from({ length }, (_, i) => smallestOf(items.map((item) => (typeof item === 'number' ? item : item[i]))));
    }
    const value = evaluate(arg) as Series | number;
    return typeof value === 'number' ? value : (smallestOf(value) as number);
  };
  const call = (fn: string, args: Value[]): Value => {
    switch (fn) {
      case 'IF': {
        const [condition, whenTrue, whenFalse] = args as (Series | number)[];
        if (args.length !== 3) {
          throw new Error(`metric math: IF takes 3 arguments, got ${args.length}`);
        }
        return pointwise(length, [condition, whenTrue, whenFalse], (c, t, f) => (c !== 0 ? t : f));
      }
      case 'FILL': {
        const [series, value] = args as [Series, number];
        if (typeof value !== 'number') {
          throw new Error('metric math: this evaluator supports FILL with a constant only');
        }
        return typeof series === 'number' ? series : series.map((x) => (x === null ? value : x));
      }
      case 'ABS': {
        const [x] = args as [Series | number];
        return typeof x === 'number' ? Math.abs(x) : pointwise(length, [x], Math.abs);
      }
      default:
        throw new Error(`metric math: function ${fn} is not in the evaluated subset`);
    }
  };
  return evaluate(parse(expression)) as Series | number;
}

/** A `MetricStat` of a template alarm's `Metrics` entry. */
export interface TemplateMetricStat {
  readonly Metric: { readonly MetricName: string; readonly Namespace: string; readonly Dimensions?: { Name: string; Value: unknown }[] };
  readonly Period: number;
  readonly Stat: string;
}

/** Gives the synthetic series of a metric the alarm reads. */
export type MetricSource = (stat: TemplateMetricStat) => Series;

/**
 * Evaluates a template alarm's metric-math `Metrics` (the entry with ReturnData true, with its
 * expressions and metrics resolved by id) over the given metrics.
 */
export function evaluateAlarmMetrics(alarmProperties: any, source: MetricSource, length: number): Series {
  const queries: any[] = alarmProperties.Metrics ?? [];
  if (queries.length === 0) {
    throw new Error('metric math: the alarm has no Metrics array (it is not a metric-math alarm)');
  }
  const byId = new Map<string, any>(queries.map((q) => [q.Id, q]));
  const cache = new Map<string, Series>();
  const resolve = (id: string): Series => {
    const cached = cache.get(id);
    if (cached) {
      return cached;
    }
    const query = byId.get(id);
    if (!query) {
      throw new Error(`metric math: the alarm's Metrics has no id '${id}'`);
    }
    let series: Series;
    if (query.MetricStat) {
      series = source(query.MetricStat);
    } else {
      if (typeof query.Expression !== 'string') {
        throw new Error(`metric math: expression '${id}' is not a literal string: ${JSON.stringify(query.Expression)}`);
      }
      const ids = [...new Set(tokenize(query.Expression).filter((t) => t.kind === 'id' && byId.has(t.value as string)))].map(
        (t) => t.value as string,
      );
      const variables = Object.fromEntries(ids.map((ref) => [ref, resolve(ref)]));
      const value = evaluateExpression(query.Expression, variables, length);
      series = typeof value === 'number' ? Array(length).fill(value) : value;
    }
    cache.set(id, series);
    return series;
  };
  const returned = queries.filter((q) => q.ReturnData !== false);
  if (returned.length !== 1) {
    throw new Error(`metric math: the alarm returns ${returned.length} series; exactly one must have ReturnData true`);
  }
  return resolve(returned[0].Id);
}

const COMPARE: Record<string, (value: number, threshold: number) => boolean> = {
  GreaterThanThreshold: (v, t) => v > t,
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};

/**
 * Whether an alarm is in ALARM after the last datapoint of the series: at least
 * DatapointsToAlarm of the last EvaluationPeriods datapoints breach, missing datapoints counting
 * as TreatMissingData says (breaching, or not breaching for notBreaching/ignore/missing).
 */
export function alarmFires(alarmProperties: any, series: Series): boolean {
  const compare = COMPARE[alarmProperties.ComparisonOperator];
  if (!compare) {
    throw new Error(`metric math: comparison ${alarmProperties.ComparisonOperator} is not supported here`);
  }
  const periods: number = alarmProperties.EvaluationPeriods;
  const needed: number = alarmProperties.DatapointsToAlarm ?? periods;
  const missingBreaches = alarmProperties.TreatMissingData === 'breaching';
  const window = series.slice(-periods);
  const breaching = window.filter((x) => (x === null ? missingBreaches : compare(x, alarmProperties.Threshold))).length;
  return breaching >= needed;
}
