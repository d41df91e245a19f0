import assert from 'node:assert/strict';
import { connectionChoices, pickConnection, type PickableConnection } from '../../src/trackers/connectionPick.ts';

let nextId = 1;
const connection = (name: string, market: string | null, active = true): PickableConnection => ({ id: nextId++, name, market, active });

describe('picking a tracker connection for a case', () => {
  const everyMarket = connection('platform', null);
  const torget = connection('torget-team', 'torget');
  const jobb = connection('jobb-team', 'jobb');
  const names = (list: readonly PickableConnection[]) => list.map((c) => c.name);

  it("picks the connection placed in the case's market over one with no market", () => {
    assert.equal(pickConnection([everyMarket, torget, jobb], ['torget'])?.name, 'torget-team');
    assert.equal(pickConnection([everyMarket, torget, jobb], ['jobb'])?.name, 'jobb-team');
  });

  it('matches any of the case markets', () => {
    assert.equal(pickConnection([everyMarket, jobb], ['torget', 'jobb'])?.name, 'jobb-team');
  });

  it('falls back to a connection with no market, never to another market\'s', () => {
    assert.equal(pickConnection([jobb, everyMarket, torget], ['bil'])?.name, 'platform');
    assert.equal(pickConnection([jobb, everyMarket], [])?.name, 'platform');
    assert.equal(pickConnection([jobb, torget], ['bil']), undefined);
    assert.equal(pickConnection([], ['torget']), undefined);
  });

  it('ignores inactive connections, even a matching one', () => {
    const retired = connection('a-retired-torget', 'torget', false);
    assert.equal(pickConnection([retired, torget], ['torget'])?.name, 'torget-team');
    assert.equal(pickConnection([retired, everyMarket], ['torget'])?.name, 'platform');
    assert.equal(pickConnection([retired, connection('a-retired-everywhere', null, false)], ['torget']), undefined);
  });

  it('breaks ties by name, whatever order the connections come in', () => {
    const ads = connection('ads', 'torget');
    const bap = connection('bap', 'torget');
    assert.equal(pickConnection([bap, ads], ['torget'])?.name, 'ads');
    assert.equal(pickConnection([ads, bap], ['torget'])?.name, 'ads');
    const general = connection('general', null);
    assert.equal(pickConnection([general, everyMarket], ['bil'])?.name, 'general');
  });

  it('offers the picked connection first and selected, then the other active ones by name', () => {
    const retired = connection('b-retired', 'torget', false);
    const choices = connectionChoices([torget, retired, everyMarket, jobb], ['jobb']);
    assert.deepEqual(names(choices), ['jobb-team', 'platform', 'torget-team']);
    assert.deepEqual(choices.map((c) => c.selected), [true, false, false]);
  });

  it('selects nothing and keeps name order when no connection fits', () => {
    const choices = connectionChoices([torget, jobb], ['bil']);
    assert.deepEqual(names(choices), ['jobb-team', 'torget-team']);
    assert.ok(choices.every((c) => !c.selected));
    assert.deepEqual(connectionChoices([], ['bil']), []);
  });
});
