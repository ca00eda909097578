import { RecipientIntake } from './recipient-intake.js';
import type { ValidRecipient } from './recipient-row.js';

function recordingIntake(batchSize: number) {
  const batches: ValidRecipient[][] = [];
  const intake = new RecipientIntake(
    'US',
    async (rows) => {
      batches.push(rows);
      return { created: rows.length, updated: 0 };
    },
    batchSize,
  );
  return { intake, batches };
}

describe('RecipientIntake', () => {
  it('upserts good rows in batches and reports bad rows with their index and phone as given', async () => {
    const { intake, batches } = recordingIntake(2);
    const rows = [{ phone: '4155550100' }, { phone: 'garbage' }, { phone: '+14155550101' }, { phone: '+14155550102' }];
    for (const [index, row] of rows.entries()) await intake.add(index, row);
    const result = await intake.finish();
    expect(batches.map((batch) => batch.map((row) => row.phone))).toEqual([['+14155550100', '+14155550101'], ['+14155550102']]);
    expect(result).toEqual({
      created: 3,
      updated: 0,
      rejected: [{ index: 1, phone: 'garbage', reason: 'not a phone number' }],
      rejectedCount: 1,
    });
  });

  it('rejects a later row with the same number, however it was written; the first one wins', async () => {
    const { intake, batches } = recordingIntake(10);
    await intake.add(1, { phone: '+14155550100', segments: ['first'] });
    await intake.add(2, { phone: '(415) 555-0100', segments: ['second'] });
    const result = await intake.finish();
    expect(batches[0]).toEqual([{ phone: '+14155550100', segments: ['first'] }]);
    expect(result.rejected).toEqual([{ index: 2, phone: '(415) 555-0100', reason: 'duplicate of row 1 (same number +14155550100)' }]);
  });

  it('reports a non-string phone as JSON and a missing one as null', async () => {
    const { intake } = recordingIntake(10);
    await intake.add(0, { phone: 14155550100 });
    await intake.add(1, {});
    const result = await intake.finish();
    expect(result.rejected.map((row) => row.phone)).toEqual(['14155550100', null]);
  });

  it('caps the listed rejections but counts them all', async () => {
    const { intake } = recordingIntake(10);
    for (let index = 1; index <= 10_005; index++) await intake.add(index, { phone: 'x' });
    const result = await intake.finish();
    expect(result.rejected).toHaveLength(10_000);
    expect(result.rejectedCount).toBe(10_005);
  });

  it('keeps at most one batch writing while the next one is collected', async () => {
    let writing = 0;
    let mostAtOnce = 0;
    const intake = new RecipientIntake(
      'US',
      async (rows) => {
        writing++;
        mostAtOnce = Math.max(mostAtOnce, writing);
        await new Promise((resolve) => setTimeout(resolve, 5));
        writing--;
        return { created: rows.length, updated: 0 };
      },
      2,
    );
    for (let index = 0; index < 9; index++) await intake.add(index, { phone: `+1415555${String(100 + index).padStart(4, '0')}` });
    expect((await intake.finish()).created).toBe(9);
    expect(mostAtOnce).toBe(1);
  });

  it('surfaces a failed batch write, and progress() counts only what was written', async () => {
    let calls = 0;
    const intake = new RecipientIntake(
      'US',
      async (rows) => {
        if (++calls === 2) throw new Error('database went away');
        return { created: rows.length, updated: 0 };
      },
      1,
    );
    await intake.add(0, { phone: '+14155550100' });
    await intake.add(1, { phone: '+14155550101' });
    await expect(intake.finish()).rejects.toThrow('database went away');
    expect(await intake.progress()).toEqual({ created: 1, updated: 0, rejectedCount: 0 });
  });
});
