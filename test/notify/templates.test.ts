import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeSlack, renderMessage } from '../../src/notify/templates.ts';

const spikeContext = (topicName: string) => ({
  target: { name: 'UX <team>', scope: 'all topics in all markets' },
  spike: { id: 7, topicName, scope: 'all markets', kindLabel: 'Level shift', firstDay: '2026-11-01', peakDay: '2026-11-01', peakValue: 24, expected: '3.5', ratio: '×6.9', score: '12.0', lastDay: '2026-11-01' },
  link: 'https://pp.example.no/api/v1/spikes/7',
});

describe('notification templates', () => {
  let overrides: string;
  before(async () => {
    overrides = await mkdtemp(join(tmpdir(), 'pp-templates-'));
  });
  after(() => rm(overrides, { recursive: true, force: true }));

  it('escapes user text for Slack: &, < and > only', async () => {
    assert.equal(escapeSlack('a & b <!channel> "q" *bold*'), 'a &amp; b &lt;!channel&gt; "q" *bold*');
    const message = await renderMessage({ name: 'spike-opened', channel: 'slack', context: spikeContext('Pay & <!here> "now"') });
    assert.ok(message.body.includes('*New spike: Pay &amp; &lt;!here&gt; "now"*'), message.body);
    assert.ok(message.body.includes('<https://pp.example.no/api/v1/spikes/7|Open spike 7>'), 'the template\'s own link markup stays');
    assert.equal(message.html, null);
  });

  it('escapes user text in HTML and leaves the plain-text part and subject as written', async () => {
    const message = await renderMessage({ name: 'spike-opened', channel: 'email', context: spikeContext('Pay & <b>"now"</b>') });
    assert.ok(message.html!.includes('New spike: Pay &amp; &lt;b&gt;&quot;now&quot;&lt;/b&gt;'), message.html!);
    assert.ok(!message.html!.includes('<b>'));
    assert.ok(message.body.startsWith('New spike: Pay & <b>"now"</b> (all markets)'));
    assert.equal(message.subject, 'Spike: Pay & <b>"now"</b> (all markets) – 24 a day against 3.5 expected');
  });

  it('keeps a subject on one line whatever the template or the data holds', async () => {
    const message = await renderMessage({ name: 'spike-opened', channel: 'email', context: spikeContext('Line one\nBcc: someone@example.com') });
    assert.ok(!/[\r\n]/.test(message.subject), message.subject);
  });

  it('uses the operator\'s template when NOTIFY_TEMPLATES_DIR has one, and the built-in one for the rest', async () => {
    const file = join(overrides, 'spike-opened.slack.hbs');
    await writeFile(file, 'Custom: {{spike.topicName}} peaked at {{spike.peakValue}}');
    const message = await renderMessage({ name: 'spike-opened', channel: 'slack', context: spikeContext('A & B'), overrideDir: overrides });
    assert.equal(message.body, 'Custom: A &amp; B peaked at 24', 'an override is escaped the same way');
    assert.match(message.subject, /^Spike: A & B/, 'the subject still comes from the built-in template');

    await writeFile(file, 'Edited: {{spike.topicName}}');
    await utimes(file, new Date(), new Date(Date.now() + 5_000));
    const edited = await renderMessage({ name: 'spike-opened', channel: 'slack', context: spikeContext('X'), overrideDir: overrides });
    assert.equal(edited.body, 'Edited: X', 'an edited override is picked up without a restart');
  });

  it('renders every built-in template for both channels', async () => {
    for (const name of ['spike-opened', 'spike-grew', 'digest', 'test'] as const) {
      for (const channel of ['slack', 'email'] as const) {
        const message = await renderMessage({ name, channel, context: { ...spikeContext('T'), topByVolume: [], topByChange: [], openSpikes: [], waitingCases: [] } });
        assert.ok(message.subject.length > 0 && message.body.length > 0, `${name} ${channel}`);
        assert.equal(message.html === null, channel === 'slack');
      }
    }
  });
});
