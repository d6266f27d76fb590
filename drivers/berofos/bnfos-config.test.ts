/** bnfos.conf (seed HA-10): sections fos1, fos2, … with host, mac and login, every problem named by line and key. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseBnfosConfig, readBnfosConfigFile, type BnfosConfigProblem } from './index.ts';

const TWO_DEVICES = `
[fos1]
mac = 00:19:32:00:12:1D
host = 10.100.0.201
login = admin:foobar
node_port = B

[fos2]
mac = 00:11:22:33:44:55
host = 10.100.0.202
login = admin:barfoo
node_port = B
`;

function problemsOf(text: string): readonly BnfosConfigProblem[] {
  const result = parseBnfosConfig(text);
  assert.equal(result.type, 'invalid');
  return result.type === 'invalid' ? result.problems : [];
}

const where = (problems: readonly BnfosConfigProblem[]) => problems.map((problem) => `${problem.code} ${problem.line} ${problem.key ?? ''}`);

describe('bnfos.conf', () => {
  it('MUST read the seed two-device file as fos1 and fos2 with their host, mac and login', () => {
    const result = parseBnfosConfig(TWO_DEVICES);
    assert.deepEqual(result.type === 'ok' ? result.devices.map((device) => [device.name, device.host, device.mac, device.login?.password, device.httpPort]) : result, [
      ['fos1', '10.100.0.201', '00:19:32:00:12:1D', 'foobar', 80],
      ['fos2', '10.100.0.202', '00:11:22:33:44:55', 'barfoo', 80],
    ]);
  });

  it('MUST accept the file bnfos --scan -x writes (login commented out, so no login)', () => {
    const result = parseBnfosConfig('\n[fos1]\nmac = 00:19:32:00:12:1D\nhost = 10.34.1.50\n#login = <user>:<password>\nnode_port = D\n');
    assert.deepEqual(result.type === 'ok' ? result.devices[0] : result, { name: 'fos1', host: '10.34.1.50', httpPort: 80, nodePort: 'D', line: 2, mac: '00:19:32:00:12:1D' });
  });

  it('MUST refuse sections that are not consecutive from fos1, naming the line and the section', () => {
    assert.deepEqual(where(problemsOf('[fos1]\nhost = a\nnode_port = B\n[fos3]\nhost = b\nnode_port = B\n')), ['PBX_ERR_BEROFOS_CONFIG_SECTION 4 fos3']);
  });

  it('MUST refuse a first section other than fos1 and a name that is not fosN', () => {
    assert.deepEqual(where(problemsOf('[fos2]\nhost = a\nnode_port = B\n[berofos]\nhost = b\nnode_port = D\n')), ['PBX_ERR_BEROFOS_CONFIG_SECTION 1 fos2', 'PBX_ERR_BEROFOS_CONFIG_SECTION 4 berofos']);
  });

  it('MUST name the line and key of each bad value', () => {
    const problems = problemsOf('[fos1]\nmac = 00:19:32:00:12\nhost = not a host\nlogin = admin\nhttp_port = 70000\nnode_port = C\n');
    assert.deepEqual(where(problems), [
      'PBX_ERR_BEROFOS_CONFIG_VALUE 2 mac',
      'PBX_ERR_BEROFOS_CONFIG_VALUE 3 host',
      'PBX_ERR_BEROFOS_CONFIG_VALUE 4 login',
      'PBX_ERR_BEROFOS_CONFIG_VALUE 5 http_port',
      'PBX_ERR_BEROFOS_CONFIG_VALUE 6 node_port',
    ]);
  });

  it('MUST refuse a password longer than the device keeps (15 characters)', () => {
    assert.deepEqual(where(problemsOf('[fos1]\nhost = a\nnode_port = B\nlogin = admin:0123456789abcdef\n')), ['PBX_ERR_BEROFOS_CONFIG_VALUE 4 login']);
  });

  it('MUST refuse unknown keys, keys outside a section and repeated keys', () => {
    assert.deepEqual(where(problemsOf('host = a\n[fos1]\nhost = a\nhost = b\nnode_port = B\ncolour = red\n')), [
      'PBX_ERR_BEROFOS_CONFIG_KEY 1 host',
      'PBX_ERR_BEROFOS_CONFIG_KEY 4 host',
      'PBX_ERR_BEROFOS_CONFIG_KEY 6 colour',
    ]);
  });

  it('MUST report a section without host or node_port at its header line', () => {
    assert.deepEqual(where(problemsOf('# devices\n[fos1]\nmac = 00:19:32:00:12:1D\n')), ['PBX_ERR_BEROFOS_CONFIG_MISSING 2 host', 'PBX_ERR_BEROFOS_CONFIG_MISSING 2 node_port']);
  });

  it('MUST refuse a line that is neither a section nor key = value, and a file with no device', () => {
    assert.deepEqual(where(problemsOf('[fos1]\nhost 10.0.0.1\nnode_port = B\nhost = 10.0.0.1\n')), ['PBX_ERR_BEROFOS_CONFIG_SYNTAX 2 ']);
    assert.deepEqual(where(problemsOf('; nothing yet\n')), ['PBX_ERR_BEROFOS_CONFIG_MISSING 0 fos1']);
  });

  it('MUST report a file it cannot read as unreadable rather than throw', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'bnfos-'));
    try {
      const result = await readBnfosConfigFile(join(directory, 'missing.conf'));
      assert.deepEqual(result.type === 'invalid' ? where(result.problems) : result, ['PBX_ERR_BEROFOS_CONFIG_UNREADABLE 0 ']);
      await writeFile(join(directory, 'bnfos.conf'), TWO_DEVICES);
      const read = await readBnfosConfigFile(join(directory, 'bnfos.conf'));
      assert.equal(read.type === 'ok' ? read.devices.length : 0, 2);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
