import { parseAudienceRule } from './audience-rule.js';
import { audiencePredicate, firstMatchingTargetSql, SqlParameters } from './audience-sql.js';

const CAMPAIGN = '0193a2b4-0000-7000-8000-0000000000aa';
const NOW = new Date('2026-12-02T12:00:00Z');
const compile = (rule: unknown, initial: unknown[] = []) => {
  const params = new SqlParameters(initial);
  return { sql: audiencePredicate(parseAudienceRule(rule), params, NOW), values: params.values };
};

describe('audiencePredicate', () => {
  it('never puts a value into the SQL text: labels, ids and dates are numbered parameters', () => {
    const { sql, values } = compile({ or: [{ label: "x'); DROP TABLE recipients; --" }, { clicked: { campaignId: CAMPAIGN, variant: 'B' } }] });
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain(CAMPAIGN);
    expect(values).toEqual(["x'); DROP TABLE recipients; --", CAMPAIGN, 'B']);
    expect(sql).toBe(
      '((r.segments @> ARRAY[$1::text]) OR EXISTS (SELECT 1 FROM messages m WHERE m.campaign_id = $2::uuid AND m.phone = r.phone AND m.recipient_id = r.id AND m.variant = $3::text AND m.human_clicks > 0))',
    );
  });

  it('continues the numbering after the statement\'s own parameters', () => {
    const { sql, values } = compile({ label: 'vip' }, ['account', 'sender']);
    expect(sql).toBe('(r.segments @> ARRAY[$3::text])');
    expect(values).toEqual(['account', 'sender', 'vip']);
  });

  it('reads "clicked without converting within N hours" as: the window has closed, and no conversion on that message fell inside it', () => {
    const { sql, values } = compile({ clicked: { campaignId: CAMPAIGN, withoutConversionWithinHours: 1.5 } });
    expect(values).toEqual([CAMPAIGN, 5400, NOW]);
    expect(sql).toContain('m.human_clicks > 0');
    expect(sql).toContain('m.first_human_click_at + make_interval(secs => $2::float8) <= $3::timestamptz');
    expect(sql).toContain('NOT EXISTS (SELECT 1 FROM conversions cv WHERE cv.message_id = m.id AND cv.occurred_at <= m.first_human_click_at + make_interval(secs => $2::float8))');
  });

  it('counts delivered-not-clicked as metrics.md does: status delivered and no human click', () => {
    expect(compile({ deliveredNotClicked: { campaignId: CAMPAIGN } }).sql).toContain("m.status = 'delivered' AND m.human_clicks = 0");
  });

  it('limits "converted" in a campaign to attributed conversions, and any conversion otherwise', () => {
    expect(compile({ converted: { campaignId: CAMPAIGN } }).sql).toContain('cv.campaign_id = $1::uuid AND cv.attributed');
    const anywhere = compile({ converted: { since: '2026-11-01T00:00:00Z' } });
    expect(anywhere.sql).not.toContain('attributed');
    expect(anywhere.values).toEqual(['2026-11-01T00:00:00.000Z']);
  });

  it('wraps NOT and groups AND/OR so precedence is the rule\'s', () => {
    const { sql } = compile({ and: [{ or: [{ label: 'a' }, { label: 'b' }] }, { not: { label: 'c' } }] });
    expect(sql).toBe('(((r.segments @> ARRAY[$1::text]) OR (r.segments @> ARRAY[$2::text])) AND (NOT (r.segments @> ARRAY[$3::text])))');
  });
});

describe('firstMatchingTargetSql', () => {
  it("tries the targets in the campaign's order and names the first that matches", () => {
    const params = new SqlParameters();
    const sql = firstMatchingTargetSql([{ key: 'retarget', rule: parseAudienceRule({ not: { label: 'vip' } }) }, { key: 'vip', rule: null }], params, NOW);
    expect(sql).toBe('CASE WHEN (NOT (r.segments @> ARRAY[$1::text])) THEN $2::text WHEN (r.segments @> ARRAY[$3::text]) THEN $4::text END');
    expect(params.values).toEqual(['vip', 'retarget', 'vip', 'vip']);
  });
});
