import assert from 'node:assert/strict';
import { z } from 'zod';
import { AppError } from '../../src/http/errors.ts';
import { parseInput } from '../../src/http/validation.ts';

describe('validation messages', () => {
  const schema = z
    .object({
      title: z.string(),
      days: z.number().int(),
      tags: z.array(z.string()),
      public: z.boolean(),
      kind: z.enum(['slack', 'email']),
      note: z.string().max(5, 'at most 5 characters'),
      size: z.number({ error: 'must be a size in bytes' }),
    })
    .strict();

  const problemsOf = (input: unknown): string[] => {
    try {
      parseInput(schema, input, 'thing');
    } catch (error) {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'INVALID_INPUT');
      assert.match(error.message, /^Invalid thing: /);
      return error.details as string[];
    }
    assert.fail('the input was accepted');
  };

  it("names every bad field in people's words, not zod's type terms", () => {
    assert.deepEqual(problemsOf({ days: 'x', tags: 'y', public: 1, kind: 'sms', note: 'too long', size: 'big', colour: 'red', shade: 1 }), [
      'title: is required',
      'days: must be a number',
      'tags: must be a list',
      'public: must be true or false',
      'kind: must be one of "slack", "email"',
      'note: at most 5 characters',
      'size: must be a size in bytes',
      'body: unknown fields "colour", "shade"',
    ]);
  });

  it('says size and range limits in words where a schema gives no message of its own', () => {
    const limits = z.object({
      limit: z.number().int().min(1).max(500),
      positive: z.number().positive(),
      source: z.string().min(1).max(50),
      code: z.string().min(3),
      tags: z.array(z.string()).min(1).max(2),
    });
    const problems = (input: unknown) => {
      const parsed = limits.safeParse(input);
      return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    assert.deepEqual(problems({ limit: 0, positive: 0, source: '', code: 'ab', tags: [] }), [
      'limit: must be at least 1',
      'positive: must be more than 0',
      'source: must not be empty',
      'code: at least 3 characters',
      'tags: at least 1 item',
    ]);
    assert.deepEqual(problems({ limit: 501, positive: 1, source: 'x'.repeat(51), code: 'abc', tags: ['a', 'b', 'c'] }), [
      'limit: must be at most 500',
      'source: at most 50 characters',
      'tags: at most 2 items',
    ]);
  });

  it('keeps good input as it is', () => {
    const good = { title: 't', days: 7, tags: [], public: false, kind: 'email', note: 'ok', size: 10 };
    assert.deepEqual(parseInput(schema, good), good);
  });
});
