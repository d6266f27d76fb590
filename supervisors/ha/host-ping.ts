/**
 * Whether a host answers one ICMP echo within a second: the seed's health check of the master
 * (`xivo-check-master-status`), used with `--ha-failover-detection host`.
 */
import { spawn } from 'node:child_process';

/** True when `address` answers ping; false when it does not or ping cannot run. */
export function hostAnswersPing(address: string): Promise<boolean> {
  if (!/^[0-9A-Fa-f:.]{2,45}$/.test(address)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn('ping', ['-c', '1', '-W', '1', address], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}
