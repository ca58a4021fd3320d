// The exported n8n package passes n8n's community-node lint
// (@n8n/eslint-plugin-community-nodes, its recommended rules, every one on,
// warnings counted as failures), and the lint does catch a broken copy.
// Usage: node lint.test.mjs <actionnode>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import typescriptParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { check } from '../http-panel/service.mjs';

const [actionnode] = process.argv.slice(2);
const workspace = mkdtempSync(join(tmpdir(), 'actionnode-n8n-lint-'));

// What n8n's node tooling lints: the TypeScript of nodes and credentials, and package.json.
async function lint(directory) {
  const eslint = new ESLint({
    cwd: directory,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: typescriptParser } },
      // As n8n's node tooling reads it: JSON parsed by the TypeScript parser.
      { files: ['package.json'], languageOptions: { parser: typescriptParser, parserOptions: { extraFileExtensions: ['.json'] } } },
      { ...n8nCommunityNodesPlugin.configs.recommended, files: ['**/*.ts', 'package.json'] },
    ],
  });
  const results = await eslint.lintFiles(['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json']);
  return results.flatMap((result) => result.messages.map((message) =>
    `${result.filePath.slice(directory.length + 1)}:${message.line}: ${message.ruleId}: ${message.message}`));
}

let failed = false;
try {
  const pkg = join(workspace, 'package');
  execFileSync(actionnode, ['export', 'n8n', '--out', pkg, '--provider', 'daily']);
  const rules = Object.keys(n8nCommunityNodesPlugin.configs.recommended.rules);
  const problems = await lint(pkg);
  check(problems.length === 0, `the lint found:\n${problems.join('\n')}`);
  console.log(`ok - the package passes ${rules.length} rules of @n8n/eslint-plugin-community-nodes`);

  // The lint reads what it should: a package.json without an author, a node without its icon, are refused.
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  delete manifest.author;
  writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest));
  rmSync(join(pkg, 'nodes/ActionnodeDaily/actionnodeDaily.svg'));
  const broken = await lint(pkg);
  check(broken.some((problem) => problem.includes('valid-author'))
    && broken.some((problem) => problem.includes('ActionnodeDaily.node.ts') && problem.includes('icon-validation')),
  `the lint missed the broken copy:\n${broken.join('\n')}`);
  console.log(`ok - a broken copy is refused (${broken.length} problems)`);
} catch (error) {
  failed = true;
  console.error(`not ok - ${error.stack || error}`);
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
