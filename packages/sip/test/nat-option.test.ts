import { describe, expect, it } from 'vitest';
import { parseSipNat } from '../src/config/nat.js';
import { parseSipConf } from '../src/index.js';

describe('sip.conf nat= (sip_parse_nat_option)', () => {
  it('reads the words as chan_sip does', () => {
    expect(parseSipNat('no')).toBe('no');
    expect(parseSipNat('yes')).toBe('force_rport');
    expect(parseSipNat('force_rport,comedia')).toBe('force_rport');
    expect(parseSipNat('auto_force_rport,auto_comedia')).toBe('auto_force_rport');
    expect(parseSipNat('force_rport,auto_force_rport')).toBe('auto_force_rport');
    expect(parseSipNat('auto_force_rport,force_rport')).toBe('auto_force_rport');
    expect(parseSipNat('comedia')).toBe('no');
    expect(parseSipNat('no,force_rport')).toBe('no');
  });

  it('is read in [general] and in peers', () => {
    const { config } = parseSipConf(
      '[general]\nnat=no\n[phone]\ntype=friend\nhost=dynamic\nnat=force_rport\n',
    );
    expect(config.general?.nat).toBe('no');
    expect(config.peers?.phone?.nat).toBe('force_rport');
  });
});
