import { afterEach, describe, expect, it } from 'vitest';
import { recordingLogger } from './helpers/log.js';
import { closeStacks, testStack } from './helpers/stack.js';

const WARNING = 'the kernel granted smaller UDP socket buffers than asked; bursts may be dropped';

afterEach(closeStacks);

describe('UDP socket buffers', () => {
  it('by default asks for 4 MiB each way and reports the grant; warns exactly when it is smaller', async () => {
    const logger = recordingLogger();
    const stack = await testStack({ logger });
    const buffers = stack.address('udp')!.buffers!;
    expect(buffers.receiveBytes).toBeGreaterThan(0);
    expect(buffers.sendBytes).toBeGreaterThan(0);
    const short = buffers.receiveBytes < 4 * 1024 * 1024 || buffers.sendBytes < 4 * 1024 * 1024;
    expect(logger.count(WARNING)).toBe(short ? 1 : 0);
    // TCP has no such buffers to report.
    expect(stack.address('tcp')!.buffers).toBeUndefined();
  });

  it('a size the kernel can grant is granted without a warning', async () => {
    const logger = recordingLogger();
    const stack = await testStack({ logger, udpBuffers: { receiveBytes: 65536, sendBytes: 65536 } });
    expect(stack.address('udp')!.buffers!.receiveBytes).toBeGreaterThanOrEqual(65536);
    expect(logger.count(WARNING)).toBe(0);
  });

  it('an ungrantable size keeps the socket working and logs what was asked and granted', async () => {
    const logger = recordingLogger();
    const huge = 2 ** 30;
    const stack = await testStack({ logger, udpBuffers: { receiveBytes: huge, sendBytes: huge } });
    const granted = stack.address('udp')!.buffers!;
    expect(granted.receiveBytes).toBeLessThan(huge);
    const [line] = logger.lines.filter((l) => l.message === WARNING);
    expect(line).toMatchObject({
      level: 'warn',
      fields: { askedReceiveBytes: huge, grantedReceiveBytes: granted.receiveBytes },
    });
  });
});
