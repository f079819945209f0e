import { keyPathAt } from '../src/json-location';
import { validate } from '../src/validate';
import { realTerraform, Sandbox } from './helpers';

const terraform = realTerraform();
// Real Terraform (built-in terraform_data, no provider download) when it is on PATH.
const describeWithTerraform = terraform.path ? describe : describe.skip;
if (!terraform.path) console.log(`validate tests with real Terraform skipped: ${terraform.reason}`);

const resource = (name: string, constructPath: string, attributes: Record<string, unknown>) => ({
  [name]: { '//': { metadata: { path: constructPath, uniqueId: name } }, ...attributes },
});

describeWithTerraform('validate with real Terraform', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = new Sandbox()));
  afterEach(() => sandbox.cleanup());
  // init + validate of real Terraform per stack: seconds each on a busy machine.
  jest.setTimeout(120_000);

  it('reports each error as <stack>: <address> (<construct path>): <summary>: <detail>, and fails', async () => {
    const projectDir = sandbox.project('staging01', [
      { name: 'staging01-network', body: { resource: { terraform_data: resource('marker_1A2B', 'staging01-network/marker/resource', { input: 'ok' }) } } },
      {
        name: 'staging01-services',
        dependencies: ['staging01-network'],
        body: {
          resource: { terraform_data: resource('release_9F8E', 'staging01-services/api/release', { input: '${var.image_tag}' }) },
          output: { url: { value: '${terraform_data.missing.id}' } },
        },
      },
    ]);
    const ok = await validate(sandbox.context(projectDir, { TF_BINARY: terraform.path }));
    expect(ok).toBe(false);
    expect(sandbox.errors).toEqual([
      'staging01-services: terraform_data.release_9F8E (staging01-services/api/release): Reference to undeclared input variable: An input variable with the name "image_tag" has not been declared. This variable can be declared with a variable "image_tag" {} block.',
      'staging01-services: output.url: Reference to undeclared resource: A managed resource "terraform_data" "missing" has not been declared in the root module.',
    ]);
    expect(sandbox.printed).toContainEqual(expect.stringMatching(/^staging01-network: valid \(/));
    expect(sandbox.printed[sandbox.printed.length - 1]).toBe('validate: 2 stack(s), 1 invalid, 2 error(s)');
  });

  it('passes valid stacks without credentials or a backend', async () => {
    const projectDir = sandbox.project('staging01', [
      { name: 'staging01-network', body: { resource: { terraform_data: resource('marker_1A2B', 'staging01-network/marker/resource', { input: 'ok' }) } } },
    ]);
    const ok = await validate(sandbox.context(projectDir, { TF_BINARY: terraform.path }));
    expect(sandbox.errors).toEqual([]);
    expect(ok).toBe(true);
  });
});

describe('keyPathAt', () => {
  const text = JSON.stringify({ resource: { aws_vpc: { vpc_1: { cidr_block: '10.0.0.0/16', tags: { Name: 'ä-x' } } } }, output: { o: { value: 1 } } }, null, 2);
  const at = (needle: string) => keyPathAt(text, Buffer.byteLength(text.slice(0, text.indexOf(needle)), 'utf8'));

  it('follows nesting to the enclosing keys', () => {
    expect(at('"10.0.0.0/16"')).toEqual(['resource', 'aws_vpc', 'vpc_1', 'cidr_block']);
    expect(at('"ä-x"')).toEqual(['resource', 'aws_vpc', 'vpc_1', 'tags', 'Name']);
  });

  it('counts bytes, not characters, after multi-byte text', () => {
    expect(at('"o"')).toEqual(['output']);
    expect(at('1\n')).toEqual(['output', 'o', 'value']);
  });
});
