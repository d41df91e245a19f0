import assert from 'node:assert/strict';
import { markupToAdf } from '../../src/trackers/bodies/adf.ts';
import { escapeMarkup } from '../../src/trackers/bodies/markup.ts';

describe('tracker markup to Atlassian Document Format', () => {
  it('maps headings, paragraphs with line breaks, lists and rules', () => {
    const doc = markupToAdf('## Root causes\n\n1. first\n2. second\n\nline one\nline two\n\n- a\n- b\n\n---\n\nend');
    assert.deepEqual(doc, {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Root causes' }] },
        {
          type: 'orderedList',
          attrs: { order: 1 },
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'first' }] }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'second' }] }] },
          ],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'line one' }, { type: 'hardBreak' }, { type: 'text', text: 'line two' }] },
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }] }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'b' }] }] },
          ],
        },
        { type: 'rule' },
        { type: 'paragraph', content: [{ type: 'text', text: 'end' }] },
      ],
    });
  });

  it('marks bold and http(s) links, and keeps other link targets as text', () => {
    const [paragraph] = markupToAdf('**Case** [PP-1](https://pp.example/cases/1) [x](javascript:alert(1))').content;
    assert.deepEqual(paragraph, {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Case', marks: [{ type: 'strong' }] },
        { type: 'text', text: ' ' },
        { type: 'text', text: 'PP-1', marks: [{ type: 'link', attrs: { href: 'https://pp.example/cases/1' } }] },
        { type: 'text', text: ' [x](javascript:alert(1))' },
      ],
    });
  });

  it('turns escaped user text back into exactly the text that was written', () => {
    const written = '**not bold** [not](https://a.example) # not a heading \\ back-slash';
    const doc = markupToAdf(`- ${escapeMarkup(written)}`);
    assert.deepEqual(doc.content, [{ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: written }] }] }] }]);
  });

  it('leaves an unclosed ** as text and makes no empty text nodes', () => {
    assert.deepEqual(markupToAdf('a ** b').content, [{ type: 'paragraph', content: [{ type: 'text', text: 'a ** b' }] }]);
    assert.deepEqual(markupToAdf('a **** b').content, [{ type: 'paragraph', content: [{ type: 'text', text: 'a ' }, { type: 'text', text: ' b' }] }]);
    assert.deepEqual(markupToAdf('').content, []);
  });
});
