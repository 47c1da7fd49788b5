import { describe, expect, it } from 'vitest';
import { classifyFile } from '../../src/discover/file-kind.js';
import { groupTerraformModules } from '../../src/discover/terraform-modules.js';
import type { DiscoveredFile } from '../../src/discover/walk.js';

function discovered(...paths: string[]): DiscoveredFile[] {
  return paths.map((path) => ({ path, kind: classifyFile(path), size: 1 }));
}

describe('groupTerraformModules', () => {
  it('makes one module per directory holding .tf or .tf.json files, sorted', () => {
    const modules = groupTerraformModules(
      discovered('/r/b/main.tf', '/r/a/variables.tf', '/r/a/main.tf.json', '/r/a/main.tf', '/r/a/sub/x.tf', '/r/b-c/x.tf'),
    );
    expect(modules).toEqual([
      { directory: '/r/a', files: ['/r/a/main.tf', '/r/a/main.tf.json', '/r/a/variables.tf'], autoVarFiles: [] },
      { directory: '/r/a/sub', files: ['/r/a/sub/x.tf'], autoVarFiles: [] },
      { directory: '/r/b', files: ['/r/b/main.tf'], autoVarFiles: [] },
      { directory: '/r/b-c', files: ['/r/b-c/x.tf'], autoVarFiles: [] },
    ]);
  });

  it('attaches the variable files Terraform loads automatically, in its order', () => {
    const modules = groupTerraformModules(
      discovered(
        '/r/env/zeta.auto.tfvars',
        '/r/env/terraform.tfvars.json',
        '/r/env/alpha.auto.tfvars.json',
        '/r/env/main.tf',
        '/r/env/prod.tfvars',
        '/r/env/alpha.auto.tfvars',
        '/r/env/terraform.tfvars',
        '/r/env/Beta.auto.tfvars',
      ),
    );
    expect(modules).toEqual([
      {
        directory: '/r/env',
        files: ['/r/env/main.tf'],
        autoVarFiles: [
          '/r/env/terraform.tfvars',
          '/r/env/terraform.tfvars.json',
          '/r/env/Beta.auto.tfvars',
          '/r/env/alpha.auto.tfvars',
          '/r/env/alpha.auto.tfvars.json',
          '/r/env/zeta.auto.tfvars',
        ],
      },
    ]);
  });

  it('makes no module of a directory holding only variable files', () => {
    expect(groupTerraformModules(discovered('/r/vars/terraform.tfvars', '/r/vars/prod.tfvars'))).toEqual([]);
  });
});
