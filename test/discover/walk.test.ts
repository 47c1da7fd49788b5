import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFile } from '../../src/discover/file-kind.js';
import { discoverFiles, type DiscoveryResult } from '../../src/discover/walk.js';
import { addToTree, createTemporaryTree, removeTemporaryTree, type TreeEntry } from './temporary-tree.js';

const MODULE = 'resource "aws_sqs_queue" "q" {}\n';

const trees: string[] = [];
afterEach(async () => {
  await Promise.all(trees.splice(0).map(removeTemporaryTree));
});

async function tree(entries: Record<string, TreeEntry>): Promise<string> {
  const root = await createTemporaryTree(entries);
  trees.push(root);
  return root;
}

function foundPaths(result: DiscoveryResult, root: string): string[] {
  return result.files.map((file) => path.relative(root, file.path));
}

describe('classifyFile', () => {
  it.each([
    ['main.tf', 'terraform'],
    ['/a/b/broker.tf.json', 'terraform-json'],
    ['prod.tfvars', 'terraform-vars'],
    ['terraform.tfvars.json', 'terraform-vars'],
    ['prod.auto.tfvars', 'terraform-vars'],
    ['template.yaml', 'structured'],
    ['plan.json', 'structured'],
    ['main.TF', 'other'],
    ['main.tf.bak', 'other'],
    // Files Terraform itself skips when loading a module directory.
    ['.hidden.tf', 'other'],
    ['main.tf~', 'other'],
    ['#main.tf#', 'other'],
  ] as const)('%s is %s', (filePath, kind) => {
    expect(classifyFile(filePath)).toBe(kind);
  });
});

describe('discoverFiles', () => {
  it('returns Terraform files and possible templates, sorted by absolute path, with kind and size', async () => {
    const root = await tree({
      'main.tf': MODULE,
      'b/z.tf.json': '{}',
      'a-c/x.tf': MODULE,
      'a/prod.tfvars': 'x = 1\n',
      'a/vars.tfvars.json': '{}',
      'template.yaml': 'Resources: {}\n',
      'README.md': '# readme\n',
      'empty/': '',
    });
    const result = await discoverFiles([root]);
    expect(result.problems).toEqual([]);
    // Plain code-unit order: '-' sorts before '/'.
    expect(result.files).toEqual([
      { path: path.join(root, 'a-c/x.tf'), kind: 'terraform', size: MODULE.length },
      { path: path.join(root, 'a/prod.tfvars'), kind: 'terraform-vars', size: 6 },
      { path: path.join(root, 'a/vars.tfvars.json'), kind: 'terraform-vars', size: 2 },
      { path: path.join(root, 'b/z.tf.json'), kind: 'terraform-json', size: 2 },
      { path: path.join(root, 'main.tf'), kind: 'terraform', size: MODULE.length },
      { path: path.join(root, 'template.yaml'), kind: 'structured', size: 14 },
    ]);
  });

  it('resolves relative paths against cwd and normalizes them', async () => {
    const root = await tree({ 'infra/main.tf': MODULE });
    const result = await discoverFiles(['./infra/../infra/'], { cwd: root });
    expect(result.files.map((file) => file.path)).toEqual([path.join(root, 'infra/main.tf')]);
  });

  it('honours root and nested .gitignore files with their own relative semantics', async () => {
    const root = await tree({
      '.gitignore': ['# generated and secret files', '*.tfvars', '!shared.tfvars', 'build/', '/only-root.tf', 'vendor/', ''].join('\n'),
      'main.tf': MODULE,
      'secret.tfvars': '',
      'shared.tfvars': '',
      'only-root.tf': MODULE,
      'local.tf': MODULE,
      'build/x.tf': MODULE,
      'vendor/v.tf': MODULE,
      'app/.gitignore': ['!dev.auto.tfvars', '/local.tf', '!vendor/', ''].join('\n'),
      'app/main.tf': MODULE,
      'app/only-root.tf': MODULE,
      'app/local.tf': MODULE,
      'app/deep/local.tf': MODULE,
      'app/dev.tfvars': '',
      'app/dev.auto.tfvars': '',
      'app/build/y.tf': MODULE,
      'app/vendor/v.tf': MODULE,
      'other/.gitignore': 'main.tf\n',
      'other/main.tf': MODULE,
      'other/sub/main.tf': MODULE,
    });
    const result = await discoverFiles([root]);
    // Checked against `git check-ignore` on the same tree.
    expect(foundPaths(result, root)).toEqual([
      'app/deep/local.tf',
      'app/dev.auto.tfvars',
      'app/main.tf',
      'app/only-root.tf',
      'app/vendor/v.tf',
      'local.tf',
      'main.tf',
      'shared.tfvars',
    ]);
  });

  it('applies directory-only patterns to directories, not to files of that name', async () => {
    const root = await tree({ '.gitignore': 'generated.tf/\n', 'generated.tf': MODULE, 'x/generated.tf/inner.tf': MODULE });
    expect(foundPaths(await discoverFiles([root]), root)).toEqual(['generated.tf']);
  });

  it('always skips .git, .terraform and node_modules, at any depth', async () => {
    const root = await tree({
      'main.tf': MODULE,
      '.git/hooks/x.tf': MODULE,
      '.terraform/modules/mq/main.tf': MODULE,
      'env/prod/.terraform/modules/mq/main.tf': MODULE,
      'env/prod/main.tf': MODULE,
      'node_modules/pkg/main.tf': MODULE,
      'cdk/node_modules/pkg/main.tf': MODULE,
    });
    expect(foundPaths(await discoverFiles([root]), root)).toEqual(['env/prod/main.tf', 'main.tf']);
  });

  it('scans a path given explicitly even when it is gitignored or inside .terraform', async () => {
    const root = await tree({
      '.gitignore': 'generated.tf\nignored-dir/\n',
      'generated.tf': MODULE,
      'ignored-dir/main.tf': MODULE,
      '.terraform/modules/mq/main.tf': MODULE,
    });
    expect(foundPaths(await discoverFiles([root]), root)).toEqual([]);
    const explicit = await discoverFiles(
      ['generated.tf', 'ignored-dir', '.terraform/modules/mq/main.tf'].map((relativePath) => path.join(root, relativePath)),
    );
    expect(foundPaths(explicit, root)).toEqual(['.terraform/modules/mq/main.tf', 'generated.tf', 'ignored-dir/main.tf']);
  });

  it('does not return a file that is neither Terraform nor a possible template, even given explicitly', async () => {
    const root = await tree({ 'README.md': '# readme\n' });
    expect(await discoverFiles([path.join(root, 'README.md')])).toEqual({ files: [], problems: [] });
  });

  it('returns each file once when the given paths overlap', async () => {
    const root = await tree({ 'main.tf': MODULE, 'sub/main.tf': MODULE });
    const result = await discoverFiles([root, path.join(root, 'sub'), path.join(root, 'sub/main.tf')]);
    expect(foundPaths(result, root)).toEqual(['main.tf', 'sub/main.tf']);
  });

  it('reports a path that does not exist, and still scans the others', async () => {
    const root = await tree({ 'main.tf': MODULE });
    const result = await discoverFiles([path.join(root, 'missing'), root, path.join(root, 'main.tf/child')]);
    expect(foundPaths(result, root)).toEqual(['main.tf']);
    expect(result.problems).toEqual([
      { file: path.join(root, 'main.tf/child'), message: 'path does not exist' },
      { file: path.join(root, 'missing'), message: 'path does not exist' },
    ]);
  });

  it('reports a broken symbolic link given explicitly, but silently skips one inside a tree', async () => {
    const root = await tree({ 'main.tf': MODULE, 'dangling.tf': { symlinkTo: 'nowhere.tf' } });
    expect(await discoverFiles([root])).toEqual({
      files: [{ path: path.join(root, 'main.tf'), kind: 'terraform', size: MODULE.length }],
      problems: [],
    });
    expect((await discoverFiles([path.join(root, 'dangling.tf')])).problems).toEqual([
      { file: path.join(root, 'dangling.tf'), message: 'broken symbolic link' },
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('reports a directory it cannot read and scans the rest', async () => {
    const root = await tree({ 'main.tf': MODULE, 'locked/main.tf': MODULE });
    await fs.chmod(path.join(root, 'locked'), 0o000);
    try {
      const result = await discoverFiles([root]);
      expect(foundPaths(result, root)).toEqual(['main.tf']);
      expect(result.problems).toEqual([{ file: path.join(root, 'locked'), message: 'cannot read directory: permission denied' }]);
    } finally {
      await fs.chmod(path.join(root, 'locked'), 0o755);
    }
  });

  describe('symbolic links', () => {
    it('terminates on a directory link to its parent, returning each file once', async () => {
      const root = await tree({ 'main.tf': MODULE, 'sub/main.tf': MODULE, 'sub/loop': { symlinkTo: '..' } });
      const result = await discoverFiles([root]);
      expect(foundPaths(result, root)).toEqual(['main.tf', 'sub/main.tf']);
      expect(result.problems).toEqual([]);
    });

    it('terminates on two directory links pointing at each other', async () => {
      const root = await tree({ 'a/main.tf': MODULE, 'a/to-b': { symlinkTo: '../b' }, 'b/to-a': { symlinkTo: '../a' } });
      expect(foundPaths(await discoverFiles([root]), root)).toEqual(['a/main.tf']);
    });

    it('does not follow links that lead outside the scanned root', async () => {
      const outside = await tree({ 'main.tf': MODULE, 'mq/main.tf': MODULE });
      const root = await tree({
        'main.tf': MODULE,
        'outside-dir': { symlinkTo: path.join(outside, 'mq') },
        'outside-file.tf': { symlinkTo: path.join(outside, 'main.tf') },
        'sub/main.tf': MODULE,
        'sub/up.tf': { symlinkTo: '../main.tf' },
        'sub/up-dir': { symlinkTo: '../other' },
        'other/other.tf': MODULE,
      });
      expect(foundPaths(await discoverFiles([root]), root)).toEqual(['main.tf', 'other/other.tf', 'sub/main.tf']);
      // Scanning `sub` alone: its links lead outside `sub`, even though they stay inside `root`.
      expect(foundPaths(await discoverFiles([path.join(root, 'sub')]), root)).toEqual(['sub/main.tf']);
    });

    it('reports a file reached both directly and through a link under its real path', async () => {
      const root = await tree({
        'a/main.tf': MODULE,
        'b/linked.tf': { symlinkTo: '../a/main.tf' },
        'alias': { symlinkTo: 'modules/mq' },
        'modules/mq/main.tf': MODULE,
      });
      expect(foundPaths(await discoverFiles([root]), root)).toEqual(['a/main.tf', 'modules/mq/main.tf']);
    });

    it('follows a link inside the tree once, reporting the path as found', async () => {
      const root = await tree({
        '.gitignore': 'vendor/\n',
        'vendor/mq/main.tf': MODULE,
        'vendor/shared.tf': MODULE,
        'mq': { symlinkTo: 'vendor/mq' },
        'env/shared.tf': { symlinkTo: '../vendor/shared.tf' },
        'env/shared-again.tf': { symlinkTo: '../vendor/shared.tf' },
      });
      expect(foundPaths(await discoverFiles([root]), root)).toEqual(['env/shared-again.tf', 'mq/main.tf']);
    });

    it('follows a link given explicitly wherever it leads', async () => {
      const outside = await tree({ 'mq/main.tf': MODULE });
      const root = await tree({ 'linked': { symlinkTo: path.join(outside, 'mq') } });
      const result = await discoverFiles([path.join(root, 'linked')]);
      expect(result.files.map((file) => file.path)).toEqual([path.join(root, 'linked/main.tf')]);
    });

    it('applies .gitignore patterns to the path of a link', async () => {
      const root = await tree({ '.gitignore': 'alias/\nlink.tf\n', 'real/main.tf': MODULE, 'real/other.tf': MODULE });
      await addToTree(root, {
        'alias': { symlinkTo: 'real' },
        'link.tf': { symlinkTo: 'real/main.tf' },
      });
      expect(foundPaths(await discoverFiles([root]), root)).toEqual(['real/main.tf', 'real/other.tf']);
    });
  });
});
