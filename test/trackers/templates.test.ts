import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { markupToAdf, type AdfBlock, type AdfInline } from '../../src/trackers/bodies/adf.ts';
import { sampleTrackerBodyInput, type TrackerBodyInput } from '../../src/trackers/bodies/input.ts';
import { loadTrackerTemplates, trackerIssueTitle, trackerTemplateNames } from '../../src/trackers/bodies/render.ts';

const HOSTILE = [
  '@everyone please look at #1 and GH-2 and finn/ads#3',
  '<script>alert(1)</script> <img src=x onerror=alert(1)> &amp; <!-- hidden -->',
  '[click](javascript:alert(1)) ![pixel](https://evil.example/p.png) https://evil.example/x',
  '**bold** _em_ `code` ~~strike~~ $x^2$ :tada: | a | b |',
  '# Heading\n\n    indented code\n- injected item\n1. injected step\n---\n> quote\n```\nfence',
  'Jira: [~accountid:557058] {color:red}red{color} {code}x{code} h1. big !image.png! bq. quote',
].join('\n');

function hostileInput(): TrackerBodyInput {
  const input = structuredClone(sampleTrackerBodyInput);
  input.case.title = HOSTILE;
  input.case.currentState = HOSTILE;
  input.case.desiredState = HOSTILE;
  input.case.rootCauses = [{ text: HOSTILE, category: 'technical' }];
  input.case.owner = { name: '@ceo <b>', email: null };
  input.case.team = '#1 team';
  input.action = { title: HOSTILE, owner: '@everyone', dueDate: '2026-02-01', status: 'todo' };
  input.evidence!.topics = [HOSTILE];
  input.update = { message: HOSTILE, changes: [{ label: '**Status**', value: HOSTILE }] };
  input.measurement!.sentence = HOSTILE;
  return input;
}

function texts(nodes: (AdfBlock | AdfInline)[]): string[] {
  return nodes.flatMap((node) => {
    if (node.type === 'text') return [node.text];
    return 'content' in node ? texts(node.content as (AdfBlock | AdfInline)[]) : [];
  });
}

function links(nodes: (AdfBlock | AdfInline)[]): string[] {
  return nodes.flatMap((node) => {
    if (node.type === 'text') return (node.marks ?? []).flatMap((mark) => (mark.type === 'link' ? [mark.attrs.href] : []));
    return 'content' in node ? links(node.content as (AdfBlock | AdfInline)[]) : [];
  });
}

describe('tracker body templates', () => {
  const templates = loadTrackerTemplates();

  it('renders every template for both trackers from the shipped files', () => {
    for (const kind of ['jira', 'github'] as const) {
      for (const name of trackerTemplateNames) {
        assert.match(templates.sources[`${kind}/${name}`], new RegExp(`templates/trackers/${kind}/${name}\\.hbs$`));
        assert.match(templates.render(kind, name, sampleTrackerBodyInput), /\[Case PP\\-1\]\(https:\/\/pinchpoint\.example\/cases\/1\)/);
      }
    }
    const issue = templates.render('github', 'issue', sampleTrackerBodyInput);
    assert.match(issue, /- 30 % of all inquiries/);
    assert.match(issue, /- peak: 161 on 2025\\-11\\-18/);
    assert.match(issue, /\*\*Target:\*\* at most 5 % of all inquiries/);
    assert.match(templates.render('github', 'followup-comment', sampleTrackerBodyInput), /- change: −87 %/);
  });

  it('keeps hostile text as text in GitHub Markdown: no HTML, mentions, issue links, blocks or links of its own', () => {
    for (const name of trackerTemplateNames) {
      const markdown = templates.render('github', name, hostileInput());
      const ours = templates.render('github', name, sampleTrackerBodyInput);
      const structure = (md: string) => md.split('\n').filter((line) => /^(#{1,6} |[-*+] |\d+[.)] |>|```|---|\s{4})/.test(line)).map((line) => line.slice(0, 3));
      assert.deepEqual(structure(markdown), structure(ours), `${name}: only the template makes headings, lists, quotes, fences and rules`);
      assert.equal(markdown.match(/\]\(/g)?.length, ours.match(/\]\(/g)?.length, `${name}: only the template makes links`);
      assert.doesNotMatch(markdown, /(^|[^\\])[<>&]/m, 'every angle bracket and ampersand is escaped');
      assert.doesNotMatch(markdown, /@[\p{L}\p{N}]/u, 'no @mention survives');
      assert.doesNotMatch(markdown, /#\d|GH\\?-\d/, 'no issue reference survives');
      assert.doesNotMatch(markdown, /(^|[^\\])[`~|$]/m, 'no code span, strike-through, table or math');
    }
  });

  it('keeps hostile text as text in Jira documents, letter for letter', () => {
    for (const name of trackerTemplateNames) {
      const doc = markupToAdf(templates.render('jira', name, hostileInput()));
      const ours = markupToAdf(templates.render('jira', name, sampleTrackerBodyInput));
      // A person's blank lines make more paragraphs; nothing else of the structure may change.
      const structure = (blocks: AdfBlock[]) => blocks.map((block) => block.type).filter((type) => type !== 'paragraph');
      assert.deepEqual(structure(doc.content), structure(ours.content), `${name}: same headings, lists and rules as with plain text`);
      assert.deepEqual(links(doc.content), links(ours.content), `${name}: only the template's links`);
      const allText = texts(doc.content).join('');
      for (const fragment of ['@everyone please look at #1', '<script>alert(1)</script>', '[click](javascript:alert(1))', '[~accountid:557058]', '{color:red}red{color}']) {
        assert.ok(allText.includes(fragment), `${name}: "${fragment}" is kept as literal text`);
      }
      assert.ok(!allText.includes('\u2060'), 'Jira text gets no invisible joiners');
    }
  });

  it('refuses links that are not http(s) in the input', () => {
    const input = structuredClone(sampleTrackerBodyInput);
    input.case.url = 'javascript:alert(1)';
    assert.throws(() => templates.render('github', 'issue', input), /url/);
  });

  it('percent-encodes characters that would end a link early', () => {
    const input = structuredClone(sampleTrackerBodyInput);
    input.case.url = 'https://pinchpoint.example/cases/1?q=a)(b';
    assert.match(templates.render('github', 'issue', input), /\(https:\/\/pinchpoint\.example\/cases\/1\?q=a%29%28b\)/);
  });

  it('makes plain one-line titles, with GitHub references broken and long titles cut', () => {
    assert.equal(trackerIssueTitle('jira', { caseRef: 'PP-3', title: 'Upload\n fails @team #4' }), 'PP-3: Upload fails @team #4');
    assert.equal(trackerIssueTitle('github', { caseRef: 'PP-3', title: 'Upload fails @team #4' }), 'PP-3: Upload fails @\u2060team #\u20604');
    const long = trackerIssueTitle('jira', { caseRef: 'PP-3', title: 'x'.repeat(400) });
    assert.equal(long.length, 250);
    assert.ok(long.endsWith('…'));
  });

  describe('operator overrides', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'tracker-templates-'));
      mkdirSync(path.join(dir, 'github'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('uses a template from the override directory and the shipped ones for the rest', () => {
      writeFileSync(path.join(dir, 'github', 'issue.hbs'), 'Reported by customer service: {{case.title}}\n');
      const overridden = loadTrackerTemplates({ overrideDir: dir });
      assert.equal(overridden.sources['github/issue'], path.join(dir, 'github', 'issue.hbs'));
      assert.equal(overridden.render('github', 'issue', { ...sampleTrackerBodyInput, case: { ...sampleTrackerBodyInput.case, title: '<b>@x</b>' } }), 'Reported by customer service: \\<b\\>\\@\u2060x\\</b\\>\n');
      assert.match(overridden.sources['jira/issue'], /templates\/trackers\/jira\/issue\.hbs$/);
    });

    it('fails at load, naming the file, when an override is broken or names a field that does not exist', () => {
      writeFileSync(path.join(dir, 'github', 'issue.hbs'), '{{#if case.title}}unclosed');
      assert.throws(() => loadTrackerTemplates({ overrideDir: dir }), (error: Error) => error.message.includes(path.join(dir, 'github', 'issue.hbs')));
      writeFileSync(path.join(dir, 'github', 'issue.hbs'), '{{case.titel}}');
      assert.throws(() => loadTrackerTemplates({ overrideDir: dir }), /"titel" not defined/);
    });
  });
});
