import { describe, expect, it } from 'vitest';
import { humaniseKey, looksSecret, serviceDetails, type DeclaredDetail } from '../../../../src/modules/services/rules/service-details.ts';

describe('looksSecret', () => {
  it.each<[string, boolean]>([
    ['webhook.password', true],
    ['webhook.rootPassword', true],
    ['panel_passwd', true],
    ['api_key', true],
    ['apiKey', true],
    ['sshKey', true],
    ['access-token', true],
    ['client_secret', true],
    ['PIN', true],
    ['db pass/word', true],
    ['x.mysql:password', true],
    ['webhook.username', false],
    ['monkey', false],
    ['keyboard_layout', false],
    ['passport_country', false],
    ['tokenizer', false],
    ['server', false],
  ])('%s: %s', (key, secret) => expect(looksSecret(key)).toBe(secret));
});

describe('humaniseKey', () => {
  it.each([
    ['webhook.username', 'Username'],
    ['webhook.panel_url', 'Panel URL'],
    ['mainIpv4', 'Main IPv4'],
    ['ssh-port', 'SSH port'],
    ['x.db host/name', 'DB host name'],
    ['dns.ns1', 'Ns1'],
    ['', ''],
    ['webhook.', 'webhook.'],
  ])('%s → %s', (key, label) => expect(humaniseKey(key)).toBe(label));
});

describe('serviceDetails', () => {
  const declared: DeclaredDetail[] = [
    { name: 'x.server', label: 'Server' },
    { name: 'x.pin_code', label: 'Console code', secret: true },
    { name: 'x.username' },
  ];

  it('lists declared values in declared order under their labels, then the rest by key, without empty ones', () => {
    const rows = serviceDetails(
      { 'x.zone': 'eu', 'x.username': 'ada', 'x.server': 'eu1', 'x.pin_code': '1234', 'x.api_token': 'tok', 'x.empty': '' },
      declared,
    );
    expect(rows).toEqual([
      { key: 'x.server', label: 'Server', secret: false, value: 'eu1' },
      { key: 'x.pin_code', label: 'Console code', secret: true, value: null },
      { key: 'x.username', label: 'Username', secret: false, value: 'ada' },
      { key: 'x.api_token', label: 'API token', secret: true, value: null },
      { key: 'x.zone', label: 'Zone', secret: false, value: 'eu' },
    ]);
  });

  it('holds back a value the plugin declares secret even when its key does not look it', () => {
    expect(serviceDetails({ 'x.console': 'abc' }, [{ name: 'x.console', label: 'Console', secret: true }])).toEqual([
      { key: 'x.console', label: 'Console', secret: true, value: null },
    ]);
  });

  it('is empty for a service whose plugin returned nothing', () => {
    expect(serviceDetails({}, declared)).toEqual([]);
  });
});
