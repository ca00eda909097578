import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const rate = (description: string) => ApiProperty({ type: Number, nullable: true, description: `${description}; null when the denominator is 0.` });

export class TimeToClickView {
  @ApiProperty({ description: 'Nearest-rank median, seconds.' }) median!: number;
  @ApiProperty({ description: 'Nearest-rank 90th percentile, seconds.' }) p90!: number;
}

/** Every metric of metrics.md, named as there. */
export class MetricsView {
  @ApiProperty({ description: 'Messages created for the group.' }) recipients!: number;
  @ApiProperty({ description: 'Messages not sent because the phone was opted out or invalid.' }) suppressed!: number;
  @ApiProperty({ description: 'Messages accepted by the SMS provider (they have a provider id).' }) sent!: number;
  @ApiProperty({ description: 'Latest status failed or undelivered, and no human click.' }) failed!: number;
  @ApiProperty({ description: 'Latest status delivered, plus messages with at least one human click whatever their status.' }) delivered!: number;
  @ApiProperty({ description: 'Delivered messages counted only because of a click.' }) clickedWithoutReceipt!: number;
  @ApiProperty({ description: 'Human clicks, all of them.' }) clicks!: number;
  @ApiProperty({ description: 'Bot clicks (previews and scanners); never in the other metrics.' }) botClicks!: number;
  @ApiProperty({ description: 'Messages with at least one human click.' }) uniqueClicks!: number;
  @rate('uniqueClicks / delivered') ctr!: number | null;
  @ApiProperty({ type: TimeToClickView, nullable: true, description: 'First human click minus delivery (or acceptance) time; null when nothing was clicked.' })
  timeToClick!: TimeToClickView | null;
  @ApiProperty({ description: "Opt-outs attributed to the group's messages." }) optOuts!: number;
  @rate('optOuts / delivered') optOutRate!: number | null;
  @rate('Opt-outs among messages with a human click / uniqueClicks') optOutRateClickers!: number | null;
  @rate('Opt-outs among delivered messages without a human click / (delivered - uniqueClicks)') optOutRateNonClickers!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Phi coefficient of clicked x opted out over delivered messages; null when a row or column total is 0.' })
  optOutClickPhi!: number | null;
  @ApiProperty({ description: "Conversions attributed to the group's messages." }) conversions!: number;
  @ApiProperty({ description: "Sum of their values, in the campaign's currency." }) revenue!: number;
  @rate('conversions / uniqueClicks') clickToConversion!: number | null;
  @rate('revenue / clicks') revenuePerClick!: number | null;
  @ApiProperty({ description: 'Not in metrics.md: human QR-code scans, counted apart from clicks.' }) qrScans!: number;
  @ApiProperty({ description: "Not in metrics.md: messages skipped at send time because the recipient had reached the account's frequency cap (status skipped). Among recipients; never suppressed, sent, delivered or failed." })
  frequencyCapped!: number;
}

export class GroupMetricsView extends MetricsView {
  @ApiPropertyOptional({ description: 'Present when grouped by variant.' }) variant?: string;
  @ApiPropertyOptional({ description: 'Present when grouped by segment.' }) segment?: string;
}

export class IntervalView {
  @ApiProperty() low!: number;
  @ApiProperty() high!: number;
}

export class VariantComparisonView {
  @ApiProperty() variant!: string;
  @ApiProperty() isControl!: boolean;
  @ApiProperty() delivered!: number;
  @ApiProperty() uniqueClicks!: number;
  @ApiProperty({ type: Number, nullable: true }) ctr!: number | null;
  @ApiProperty({ type: IntervalView, nullable: true, description: '95% Wilson score interval of ctr.' }) ctrInterval!: IntervalView | null;
  @ApiProperty({ type: Number, nullable: true, description: "ctr minus the control's; null for the control." }) ctrDifference!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Two-sided pooled two-proportion z-test against the control; null for the control or without data.' })
  pValue!: number | null;
  @ApiProperty({ description: 'pValue < 0.05 and a higher ctr than the control.' }) wins!: boolean;
  @ApiProperty() optOuts!: number;
  @ApiProperty({ type: Number, nullable: true }) optOutRate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) optOutRateDifference!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The same test on optOutRate against the control.' }) optOutPValue!: number | null;
  @ApiProperty({ description: "Opt-out rate significantly higher than the control's (even when the variant wins on ctr)." }) optOutGuardrail!: boolean;
}

export class AbTestView {
  @ApiProperty({ example: 'ctr' }) metric!: string;
  @ApiProperty({ example: 'two-sided two-proportion z-test, pooled variance' }) test!: string;
  @ApiProperty({ example: 0.05 }) significanceLevel!: number;
  @ApiProperty({ example: 0.95 }) confidence!: number;
  @ApiProperty({ description: 'The control variant: the one the campaign names, else its first.' }) control!: string;
  @ApiProperty({ type: [VariantComparisonView] }) variants!: VariantComparisonView[];
  @ApiProperty({ type: String, nullable: true, description: 'Highest ctr; null without deliveries or on a tie.' }) leader!: string | null;
  @ApiProperty({ description: 'A challenger leads significantly when it wins against the control; the control when every challenger is significantly below it.' })
  leadSignificant!: boolean;
  @ApiProperty({ type: [String], description: 'Variants whose opt-out guardrail fired.' }) guardrailFlagged!: string[];
  @ApiProperty({ description: 'The verdict in one sentence.' }) summary!: string;
}

export class AttributionView {
  @ApiProperty({ example: 168, description: "The campaign's attribution window: conversions later than this after the message (or holdout) are not counted." })
  windowHours!: number;
  @ApiProperty({ description: 'Conversions matched to this campaign but outside the window: stored, in no metric.' }) unattributedConversions!: number;
}

export class VariantLiftView {
  @ApiProperty() variant!: string;
  @ApiProperty({ description: 'Recipients meant to get the variant: its messages minus suppressed ones (intent to treat).' }) recipients!: number;
  @ApiProperty({ description: 'Of those, recipients with at least one attributed conversion.' }) converters!: number;
  @rate('converters / recipients') conversionRate!: number | null;
  @ApiProperty() revenue!: number;
  @rate('revenue / recipients') revenuePerRecipient!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: "conversionRate minus the holdout's." }) conversionRateDifference!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: "Relative lift, (conversionRate - holdout's) / holdout's; null when the holdout's rate is 0." })
  lift!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Two-sided pooled two-proportion z-test of conversionRate against the holdout (as metrics.md A/B).' })
  pValue!: number | null;
  @ApiProperty({ description: 'pValue < 0.05: the difference from the holdout is significant (either way).' }) significant!: boolean;
  @ApiProperty({ type: Number, nullable: true }) revenuePerRecipientDifference!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'conversionRateDifference x recipients: conversions the message added.' }) incrementalConverters!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'revenuePerRecipientDifference x recipients.' }) incrementalRevenue!: number | null;
}

export class HoldoutView {
  @ApiProperty({ description: 'Percent of the eligible audience held back.' }) percent!: number;
  @ApiProperty({ description: 'Recipients held out (no message).' }) recipients!: number;
  @ApiProperty({ description: 'Held-out recipients with a conversion attributed by recipient inside the window.' }) converters!: number;
  @rate('converters / recipients') conversionRate!: number | null;
  @ApiProperty() revenue!: number;
  @rate('revenue / recipients') revenuePerRecipient!: number | null;
  @ApiProperty({ type: [VariantLiftView] }) variants!: VariantLiftView[];
}

export class CampaignStatsView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: [String], enum: ['variant', 'segment'] }) groupBy!: string[];
  @ApiProperty({ type: MetricsView }) campaign!: MetricsView;
  @ApiProperty({ type: [GroupMetricsView], description: "Every group of the campaign's definition (variants and target segments in its order), empty ones included." })
  groups!: GroupMetricsView[];
  @ApiProperty({ type: AbTestView }) abTest!: AbTestView;
  @ApiProperty({ type: AttributionView, description: 'Not in metrics.md: the window conversions are counted in.' }) attribution!: AttributionView;
  @ApiProperty({ type: HoldoutView, nullable: true, description: 'Not in metrics.md: incremental effect against the holdout; null without one.' })
  holdout!: HoldoutView | null;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
}
