import { GuaranteeCheck, Problem, problemAt } from '../guarantee-check';

/**
 * HA-CFN-002 — every cross-stack reference resolves inside the environment.
 *
 * Why: a `Fn::GetStackOutput` or `Fn::ImportValue` that names a stack, output or export the
 * environment does not have fails at deploy time, or silently reads another environment's stack;
 * and every guarantee that follows it (a subnet's AZ, a topic's subscribers) cannot be proven.
 * How it is judged: every such reference anywhere in a template (resources and outputs) is
 * followed through the environment model; one that does not resolve is a finding.
 * Fix: deploy the stacks of one environment together (one `HaStage`), and keep an output while
 * another stack still reads it (remove the reader first, then the output).
 */
export const CROSS_STACK_REFERENCES: GuaranteeCheck = {
  id: 'HA-CFN-002',
  rule: 'Every Fn::GetStackOutput and Fn::ImportValue resolves to an output of a stack of the same environment',
  fix: 'Synthesize and deploy the environment’s stacks together; remove a reader before the output it reads',
  check(model) {
    const problems: Problem[] = [];
    for (const stack of model.stacks) {
      const sections: Array<[string, Record<string, unknown> | undefined]> = [
        ['Resources', stack.template.Resources],
        ['Outputs', stack.template.Outputs],
      ];
      for (const [section, entries] of sections) {
        for (const [logicalId, entry] of Object.entries(entries ?? {})) {
          const visit = (value: unknown, path: string): void => {
            if (Array.isArray(value)) {
              value.forEach((item, i) => visit(item, `${path}[${i}]`));
              return;
            }
            if (!value || typeof value !== 'object') {
              return;
            }
            for (const [key, inner] of Object.entries(value)) {
              if (key === 'Fn::GetStackOutput' || key === 'Fn::ImportValue') {
                const resolved = model.resolve(stack, { [key]: inner });
                if (resolved.kind === 'unknown') {
                  problems.push(
                    problemAt(
                      { stack, logicalId, resource: { Type: section } },
                      `${logicalId} reads ${key} at ${path} that does not resolve (${resolved.why}); the deploy fails and the guarantees that depend on it cannot be proven.`,
                    ),
                  );
                }
              } else {
                visit(inner, `${path}.${key}`);
              }
            }
          };
          visit(entry, `${section}.${logicalId}`);
        }
      }
    }
    return problems;
  },
};
