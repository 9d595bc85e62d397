/** A fenced `ts` block of a Markdown document. */
export interface CodeBlock {
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The code between the fences. */
  readonly code: string;
}

/** Every ```ts block of a Markdown document, in order. */
export function readmeTypeScriptBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '```ts') {
      const end = lines.indexOf('```', i + 1);
      blocks.push({ line: i + 1, code: lines.slice(i + 1, end).join('\n') + '\n' });
      i = end;
    }
  }
  return blocks;
}
