import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import * as taxonomy from '../../taxonomy/service.ts';
import { mustGetConnector } from './connectors.ts';
import { reapplyRules, type Reapplied } from './reapply.ts';
import * as repo from './repo.ts';
import type { MappingRule } from './rules.ts';
import { RULE_FIELD_HELP, RULE_FIELDS, type CreateRuleBody, type UpdateRuleBody } from './schemas.ts';

export interface RuleChange {
  rule: MappingRule;
  /** How many unmapped tickets the rule matched before the rules were applied again. */
  matchedUnmapped: number;
  reapplied: Reapplied;
  /** Said when the rule matches none of the waiting tickets: often a typo in the value. */
  warning?: string;
}

export async function listRules(db: Db, connectorName: string): Promise<MappingRule[]> {
  return repo.listRules(db, (await mustGetConnector(db, connectorName)).id);
}

/** Adds a rule (last, or at `position`) and maps the waiting tickets it now covers. */
export async function createRule(ctx: AppContext, connectorName: string, body: CreateRuleBody, asOf: Date): Promise<RuleChange> {
  const connector = await mustGetConnector(ctx.pool, connectorName);
  const write = await ruleWrite(ctx.pool, connector, body);
  const ruleId = await withTransaction(ctx.pool, async (tx) => {
    await repo.lockConnector(tx, connector.id);
    const id = await repo.insertRule(tx, connector.id, write, asOf);
    if (body.position !== undefined) await moveRule(tx, connector.id, id, body.position);
    return id;
  });
  return afterChange(ctx, connector, ruleId, asOf);
}

/** Changes a rule's match, targets or place; waiting tickets are mapped again. */
export async function updateRule(ctx: AppContext, connectorName: string, ruleId: number, body: UpdateRuleBody, asOf: Date): Promise<RuleChange> {
  const connector = await mustGetConnector(ctx.pool, connectorName);
  const existing = await mustGetRule(ctx.pool, connector.id, ruleId);
  const merged: CreateRuleBody = {
    match: body.match ?? { field: existing.field, equals: existing.equals },
    topic: body.topic === undefined ? existing.topic : body.topic,
    market: body.market === undefined ? existing.market : body.market,
  };
  const write = await ruleWrite(ctx.pool, connector, merged);
  await withTransaction(ctx.pool, async (tx) => {
    await repo.lockConnector(tx, connector.id);
    await repo.updateRule(tx, ruleId, write, asOf);
    if (body.position !== undefined) await moveRule(tx, connector.id, ruleId, body.position);
  });
  return afterChange(ctx, connector, ruleId, asOf);
}

/** Removes a rule. Inquiries it mapped keep their topic until their ticket changes. */
export async function deleteRule(ctx: AppContext, connectorName: string, ruleId: number): Promise<void> {
  const connector = await mustGetConnector(ctx.pool, connectorName);
  await mustGetRule(ctx.pool, connector.id, ruleId);
  await withTransaction(ctx.pool, async (tx) => {
    await repo.lockConnector(tx, connector.id);
    await repo.deleteRule(tx, ruleId);
    await repo.renumberRules(tx, (await repo.listRules(tx, connector.id)).map((rule) => rule.id));
  });
}

async function mustGetRule(db: Db, connectorId: number, ruleId: number): Promise<MappingRule> {
  const rule = (await repo.listRules(db, connectorId)).find((r) => r.id === ruleId);
  if (!rule) throw new AppError('NOT_FOUND', `Rule ${ruleId} not found on this connector`);
  return rule;
}

async function moveRule(tx: Db, connectorId: number, ruleId: number, position: number): Promise<void> {
  const ids = (await repo.listRules(tx, connectorId)).map((rule) => rule.id).filter((id) => id !== ruleId);
  ids.splice(Math.min(position - 1, ids.length), 0, ruleId);
  await repo.renumberRules(tx, ids);
}

async function afterChange(ctx: AppContext, connector: repo.ConnectorRow, ruleId: number, asOf: Date): Promise<RuleChange> {
  const rule = await mustGetRule(ctx.pool, connector.id, ruleId);
  const matchedUnmapped = await repo.countUnmappedMatching(ctx.pool, connector.id, rule.field, rule.equals);
  const reapplied = await reapplyRules(ctx, connector, asOf);
  const change: RuleChange = { rule, matchedUnmapped, reapplied };
  if (matchedUnmapped === 0 && connector.unmappedCount > 0) {
    change.warning = `rule ${rule.field} = "${rule.equals}" matches none of the ${connector.unmappedCount} unmapped tickets`;
  }
  return change;
}

/** Checks a rule against its connector's kind and the taxonomy; a 422 names the field. */
async function ruleWrite(db: Db, connector: repo.ConnectorRow, body: CreateRuleBody): Promise<repo.RuleWrite> {
  const problems: string[] = [];
  if (!RULE_FIELDS[connector.kind].test(body.match.field)) {
    problems.push(`match.field: "${body.match.field}" is not something a ${connector.kind} rule can match; use ${RULE_FIELD_HELP[connector.kind]}`);
  }
  if (!body.topic && !body.market) problems.push('topic: a rule must name a topic, a market or both');
  const topicId = body.topic ? (await taxonomy.resolveKeys(db, 'topics', [body.topic])).get(body.topic) : null;
  const marketId = body.market ? (await taxonomy.resolveKeys(db, 'markets', [body.market])).get(body.market) : null;
  if (topicId === undefined) problems.push(`topic: unknown topic "${body.topic}"`);
  if (marketId === undefined) problems.push(`market: unknown market "${body.market}"`);
  if (problems.length > 0) throw new AppError('UNPROCESSABLE', `Invalid rule: ${problems.join('; ')}`, problems);
  return { field: body.match.field, equals: body.match.equals, topicId: topicId ?? null, marketId: marketId ?? null };
}
